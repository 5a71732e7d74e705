// Command ferretdb-jalon runs FerretDB 1.24.2 with its SQLite backend through
// FerretDB's embeddable package. A plain `go install` of FerretDB's own
// command panics at start (FerretDB issue #2982: build/version/version.txt is
// missing from the module), which the embeddable package does not need.
//
// Usage: ferretdb-jalon -listen 127.0.0.1:27017 -dir /path/to/data
// It prints "listening <mongodb-uri>" on stdout once it accepts connections
// and stops cleanly on SIGINT/SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	_ "net/http/pprof" // served only with -debug-addr
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dir := flag.String("dir", "data/ferretdb", "directory for the SQLite files")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	debugAddr := flag.String("debug-addr", "", "serve Go's profiler (net/http/pprof) on this address; off when empty")
	flag.Parse()

	if *debugAddr != "" {
		// To see where the database spends its time under a benchmark:
		// go tool pprof http://<addr>/debug/pprof/profile?seconds=10
		go func() { _ = http.ListenAndServe(*debugAddr, nil) }()
	}

	abs, err := filepath.Abs(*dir)
	if err != nil {
		fail("data directory: %v", err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		fail("data directory: %v", err)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("log level: %v", err)
	}
	logger := slog.New(lazyAttrs{base: slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})})

	// Each command decodes and encodes its documents as short-lived garbage; with
	// Go's default (GC at 100% heap growth) collection took about 9% of the CPU
	// under bench:transitions. The heap stays small (tens of MB), so let it grow
	// more between collections, unless GOGC says otherwise.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}

	// The SQLite handler wants a file: URI naming an existing directory that ends in "/".
	// synchronous(normal) in WAL mode: commits are not flushed to disk one by
	// one, the database stays consistent on power loss and may lose the last
	// moments of writes — the durability of MongoDB's default write concern,
	// whose journal is flushed every 100 ms — for several times the write rate.
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/?_pragma=synchronous(normal)",
	})
	if err != nil {
		fail("start: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	go keepIDIndexes(ctx, abs, logger)

	done := make(chan struct{})
	go func() {
		_ = f.Run(ctx)
		close(done)
	}()

	uri := f.MongoDBURI()
	host := *listen
	for i := 0; i < 200; i++ {
		c, err := net.DialTimeout("tcp", host, 100*time.Millisecond)
		if err == nil {
			c.Close()
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	fmt.Printf("listening %s\n", uri)

	<-done
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb-jalon: "+format+"\n", args...)
	os.Exit(1)
}
