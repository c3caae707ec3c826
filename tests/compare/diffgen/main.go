// diffgen writes two heap profiles of "two versions" of one program for
// Kiln's compare tests: in the second, halve() allocates half as much,
// twice() twice as much, fresh() exists only there, and a recursive
// function keeps its shape. Every allocation is recorded
// (MemProfileRate = 1), so the profiles are the same on every run.
// Usage: diffgen DIR (writes DIR/before.pb.gz and DIR/after.pb.gz).
package main

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

var sink [][]byte

//go:noinline
func alloc(n int) { sink = append(sink, make([]byte, n)) }

//go:noinline
func halve(v int) {
	for i := 0; i < 40/v; i++ {
		alloc(4096)
	}
}

//go:noinline
func twice(v int) {
	for i := 0; i < 10*v; i++ {
		alloc(2048)
	}
}

//go:noinline
func fresh() {
	for i := 0; i < 8; i++ {
		alloc(1024)
	}
}

//go:noinline
func steady() {
	for i := 0; i < 16; i++ {
		alloc(512)
	}
}

//go:noinline
func recurse(depth int) {
	if depth == 0 {
		alloc(8192)
		return
	}
	recurse(depth - 1)
}

func run(v int) {
	halve(v)
	twice(v)
	if v == 2 {
		fresh()
	}
	steady()
	for i := 0; i < 3; i++ {
		recurse(3)
	}
}

func write(dir, name string) {
	runtime.GC()
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		panic(err)
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		panic(err)
	}
}

func main() {
	runtime.MemProfileRate = 1
	dir := os.Args[1]
	v := 1
	if len(os.Args) > 2 && os.Args[2] == "after" {
		v = 2
	}
	run(v)
	name := "before.pb.gz"
	if v == 2 {
		name = "after.pb.gz"
	}
	write(dir, name)
}
