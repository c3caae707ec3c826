// burn.go — writes a CPU profile of known hot functions for the source
// annotation tests: go run burn.go OUT.pprof
package main

import (
	"os"
	"runtime/pprof"
	"time"
)

var sink uint64

//go:noinline
func hashLoop(n int) uint64 {
	x := uint64(1)
	for i := 0; i < n; i++ {
		x ^= x >> 33
		x *= 0xff51afd7ed558ccd
		x ^= x >> 29
	}
	return x
}

// mix is small enough for the compiler to inline into sumLoop, so the
// profile's locations carry two lines.
func mix(x uint64) uint64 {
	return x*6364136223846793005 + 1442695040888963407
}

//go:noinline
func sumLoop(n int) uint64 {
	s := uint64(0)
	for i := 0; i < n; i++ {
		s = mix(s + uint64(i))
	}
	return s
}

func main() {
	f, err := os.Create(os.Args[1])
	if err != nil {
		panic(err)
	}
	pprof.StartCPUProfile(f)
	deadline := time.Now().Add(1500 * time.Millisecond)
	for time.Now().Before(deadline) {
		sink += hashLoop(2000000)
		sink += sumLoop(3000000)
	}
	pprof.StopCPUProfile()
	f.Close()
}
