package clabe_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/acctkit/acctkit/clabe"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readCSV(t *testing.T, path string) [][]string {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	return recs[1:]
}

// TestPlazaCatalogMatchesCSV checks every one of the 1000 codes against the
// source file, minus the rows the generator documents leaving out: "N/A"
// cities and "[alternate]" repeats of a city the code already has.
func TestPlazaCatalogMatchesCSV(t *testing.T) {
	rows := readCSV(t, "testdata/clabe_plazas_with_state.csv")
	want := map[string][]string{}
	states := map[string]string{} // city@code -> state cell
	newest, left := "", 0
	for _, r := range rows {
		for _, d := range dateRE.FindAllString(r[3], -1) {
			newest = max(newest, d)
		}
		if r[1] == "N/A" || strings.HasSuffix(r[1], " [alternate]") {
			left++
			continue
		}
		want[r[0]] = append(want[r[0]], r[1])
		states[r[1]+"@"+r[0]] = r[2]
	}
	assert.Equal(t, 8, left)
	assert.Equal(t, newest, clabe.PlazaCatalogDate)

	total := 0
	for n := range 1000 {
		code := fmt.Sprintf("%03d", n)
		got := clabe.LookupPlazas(code)
		var cities []string
		for _, p := range got {
			assert.Equal(t, code, p.Code)
			cities = append(cities, p.City)
			cell := states[p.City+"@"+code]
			if cell == "" {
				assert.Empty(t, p.State+p.StateCode, "%s %s has no state in the source", code, p.City)
				continue
			}
			// The cell names the state, its ISO code, or both.
			assert.True(t, strings.Contains(cell, p.StateCode) || cell == p.State, "%s %s: cell %q, got %q %q", code, p.City, cell, p.State, p.StateCode)
			assert.Regexp(t, `^MX-[A-Z]{3}$`, p.StateCode)
			assert.NotEmpty(t, p.State)
		}
		assert.Equal(t, want[code], cities, "plaza %s", code)
		total += len(got)
	}
	assert.Equal(t, 922, total)
}

func TestPlazaStatesConsistent(t *testing.T) {
	names := map[string]string{}
	for n := range 1000 {
		for _, p := range clabe.LookupPlazas(fmt.Sprintf("%03d", n)) {
			if p.StateCode == "" {
				continue
			}
			if old, ok := names[p.StateCode]; ok {
				assert.Equal(t, old, p.State, "%s has two names", p.StateCode)
			}
			names[p.StateCode] = p.State
		}
	}
	assert.Len(t, names, 32, "Mexico has 32 federal entities")
	assert.Equal(t, "Jalisco", names["MX-JAL"])
}

// TestUnknownPlazaIsValid pins the rule other validators break: a plaza
// code outside the catalog never makes a CLABE invalid.
func TestUnknownPlazaIsValid(t *testing.T) {
	for _, plaza := range []string{"000", "001", "099", "999"} {
		assert.Nil(t, clabe.LookupPlazas(plaza), plaza)
		c, err := clabe.New("002", plaza, "7777777777")
		require.NoError(t, err)
		back, err := clabe.Parse(c.String())
		require.NoError(t, err, plaza)
		assert.Equal(t, plaza, back.PlazaCode())
		assert.Nil(t, back.Plazas())
	}
}

func TestPlazasIsACopy(t *testing.T) {
	c := clabe.MustParse("021027123457422523")
	ps := c.Plazas()
	require.Len(t, ps, 2)
	assert.Equal(t, clabe.Plaza{Code: "027", City: "Tecate", State: "Baja California", StateCode: "MX-BCN"}, ps[0])
	assert.Equal(t, "Tijuana", ps[1].City)
	ps[0].City = "changed"
	assert.Equal(t, "Tecate", c.Plazas()[0].City)
	assert.Equal(t, "Tecate", clabe.LookupPlazas("027")[0].City)
}

func TestLookupPlazasBadCodes(t *testing.T) {
	for _, code := range []string{"", "27", "0027", "02a", "０27"} {
		assert.Nil(t, clabe.LookupPlazas(code), code)
	}
}
