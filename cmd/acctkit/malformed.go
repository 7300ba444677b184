package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/acctkit/acctkit/internal/problem"
)

// malformed says where a body stops being JSON.
type malformed struct {
	msg          string
	offset       int // bytes from 0
	line, column int // from 1; columns count characters
}

// locateMalformed finds where data, which account.Decode refused as
// malformed with err, stops being JSON. account.Decode reports the reason
// without the position, so the body is scanned once more here, only on
// this error path.
func locateMalformed(data []byte, err error) malformed {
	var raw json.RawMessage
	var se *json.SyntaxError
	m := malformed{msg: strings.TrimPrefix(err.Error(), "account.Decode: ")}
	switch uerr := json.Unmarshal(data, &raw); {
	case errors.As(uerr, &se):
		m.msg = se.Error()
		// Offset counts the bytes read, the offending one included; at
		// the end of the input there is no offending byte.
		m.offset = int(se.Offset)
		if m.offset > 0 && !strings.HasPrefix(m.msg, "unexpected end") {
			m.offset--
		}
	case !utf8.Valid(data):
		m.msg = "invalid UTF-8 (JSON text is UTF-8, RFC 8259 section 8.1)"
		m.offset = invalidUTF8Offset(data)
	}
	m.offset = min(max(m.offset, 0), len(data))
	before := data[:m.offset]
	m.line = 1 + bytes.Count(before, []byte{'\n'})
	m.column = 1 + utf8.RuneCount(before[bytes.LastIndexByte(before, '\n')+1:])
	return m
}

func invalidUTF8Offset(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// String is the position and reason after a file name:
// "3:15: malformed JSON: invalid character ... (byte offset 41)".
func (m malformed) String() string {
	return fmt.Sprintf("%d:%d: malformed JSON: %s (byte offset %d)", m.line, m.column, m.msg, m.offset)
}

// malformedProblem is the 400 answer to a body that is not JSON, with the
// position as extension members.
type malformedProblem struct {
	problem.Details
	Line   int `json:"line"`
	Column int `json:"column"`
	Offset int `json:"offset"`
}

const codeMalformedJSON = "malformed_json"

func (m malformed) problem() malformedProblem {
	return malformedProblem{
		Details: problem.Details{
			Type:   problem.TypeURI("", codeMalformedJSON),
			Title:  "Your request body is not valid JSON.",
			Status: 400,
			Detail: fmt.Sprintf("%s at line %d, column %d (byte offset %d)", m.msg, m.line, m.column, m.offset),
			Code:   codeMalformedJSON,
		},
		Line: m.line, Column: m.column, Offset: m.offset,
	}
}
