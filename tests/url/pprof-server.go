// pprof-server.go — the Go service the URL tests open: net/http/pprof on
// 127.0.0.1 only, at a port the kernel picks, printed as the first line of
// standard output. A goroutine keeps a CPU busy and the heap holds live
// allocations, so /debug/pprof/profile and /debug/pprof/heap have samples.
// /not-a-profile answers an HTML page with status 200. It exits when its
// standard input closes.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
)

var keep [][]byte

//go:noinline
func burn(n int) int {
	x := n
	for i := 0; i < n; i++ {
		x += (i * i) ^ (x >> 3)
	}
	return x
}

func main() {
	for i := 0; i < 2000; i++ {
		keep = append(keep, make([]byte, 4096))
	}
	go func() {
		s := 0
		for {
			s += burn(100000)
		}
	}()
	http.HandleFunc("/not-a-profile", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body>hello</body></html>")
	})
	// The test holds our standard input: when it ends, however it ends,
	// so do we.
	go func() {
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	http.Serve(ln, nil)
}
