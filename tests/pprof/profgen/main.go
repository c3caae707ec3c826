// profgen writes real Go runtime profiles for Kiln's pprof tests: CPU
// (with pprof labels), heap, allocs, mutex, block and goroutine, into the
// directory given as its only argument. Standard library only.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

var sink []byte
var total uint64

// Small enough for the compiler to inline into its callers, so the CPU and
// heap profiles carry locations with several lines.
func mix(x uint64) uint64 { return x*6364136223846793005 + 1442695040888963407 }

func spinInner(n int) uint64 {
	x := uint64(n)
	for i := 0; i < n; i++ {
		x = mix(x)
	}
	return x
}

//go:noinline
func spinA(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
		total += spinInner(20000)
	}
}

//go:noinline
func spinB(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
		total += spinInner(5000)
	}
}

func cpu(dir string) {
	f := create(dir, "cpu.pb.gz")
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		panic(err)
	}
	ctx := pprof.WithLabels(context.Background(), pprof.Labels("worker", "a"))
	pprof.Do(ctx, pprof.Labels("phase", "one"), func(context.Context) { spinA(250 * time.Millisecond) })
	spinB(150 * time.Millisecond)
	pprof.StopCPUProfile()
}

//go:noinline
func allocSmall() { sink = make([]byte, 64) }

//go:noinline
func allocBig() { sink = make([]byte, 1<<16) }

func allocs() {
	for i := 0; i < 500; i++ {
		allocSmall()
		if i%10 == 0 {
			allocBig()
		}
	}
}

//go:noinline
func contend(mu *sync.Mutex, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; i < 200; i++ {
		mu.Lock()
		time.Sleep(10 * time.Microsecond)
		mu.Unlock()
	}
}

//go:noinline
func blockOnChan(c chan int) { <-c }

func create(dir, name string) *os.File {
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		panic(err)
	}
	return f
}

func lookup(dir, profile, name string) {
	f := create(dir, name)
	defer f.Close()
	if err := pprof.Lookup(profile).WriteTo(f, 0); err != nil {
		panic(err)
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: profgen DIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	runtime.MemProfileRate = 1
	runtime.SetMutexProfileFraction(1)
	runtime.SetBlockProfileRate(1)

	cpu(dir)
	allocs()
	runtime.GC()

	var mu sync.Mutex
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go contend(&mu, &wg)
	}
	wg.Wait()
	c := make(chan int)
	for i := 0; i < 3; i++ {
		go func() { time.Sleep(2 * time.Millisecond); c <- 1 }()
		blockOnChan(c)
	}
	// Parked goroutines, with labels, for the goroutine profile.
	stop := make(chan int)
	for i := 0; i < 3; i++ {
		pprof.Do(context.Background(), pprof.Labels("pool", "idle"), func(context.Context) {
			go blockOnChan(stop)
		})
	}
	time.Sleep(5 * time.Millisecond)

	lookup(dir, "heap", "heap.pb.gz")
	lookup(dir, "allocs", "allocs.pb.gz")
	lookup(dir, "mutex", "mutex.pb.gz")
	lookup(dir, "block", "block.pb.gz")
	lookup(dir, "goroutine", "goroutine.pb.gz")
	close(stop)
}
