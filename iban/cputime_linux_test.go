package iban

import (
	"syscall"
	"unsafe"
)

// threadCPUTime returns the CPU time the calling OS thread has used. The
// benchmarks report it beside wall time because the development machine
// is shared: wall time there measures the neighbours as much as the code.
func threadCPUTime() (ns int64, ok bool) {
	const clockThreadCPUTimeID = 3
	var ts syscall.Timespec
	_, _, errno := syscall.Syscall(syscall.SYS_CLOCK_GETTIME, clockThreadCPUTimeID, uintptr(unsafe.Pointer(&ts)), 0)
	return ts.Nano(), errno == 0
}
