package main

import (
	"context"
	"log/slog"
	"slices"
)

// FerretDB 1.24 logs every SQL statement it runs at debug level as
// `l.With(slog.Any("args", args)).DebugContext(...)` (internal/util/fsql/tx.go).
// slog's TextHandler formats the attributes of With at once, so at any level
// every statement quoted its whole JSON document into a string nobody read:
// about 7% of the database's CPU under bench:transitions. lazyAttrs keeps what
// With adds and hands it to the real handler only for a record that is logged.
type lazyAttrs struct {
	base slog.Handler
	ops  []lazyOp // in the order they were added: attributes and groups nest
}

type lazyOp struct {
	group string // a group when set, else attrs
	attrs []slog.Attr
}

func (h lazyAttrs) Enabled(ctx context.Context, level slog.Level) bool {
	return h.base.Enabled(ctx, level)
}

func (h lazyAttrs) Handle(ctx context.Context, r slog.Record) error {
	real := h.base
	for _, op := range h.ops {
		if op.group != "" {
			real = real.WithGroup(op.group)
		} else {
			real = real.WithAttrs(op.attrs)
		}
	}
	return real.Handle(ctx, r)
}

func (h lazyAttrs) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	return lazyAttrs{base: h.base, ops: append(slices.Clip(h.ops), lazyOp{attrs: attrs})}
}

func (h lazyAttrs) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	return lazyAttrs{base: h.base, ops: append(slices.Clip(h.ops), lazyOp{group: name})}
}
