package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// FerretDB 1.24's SQLite backend indexes each collection on the expression
// `_ferretdb_sjson->"_id"` but looks documents up with
// `_ferretdb_sjson->'$._id' = ?`. SQLite only uses an expression index for the
// very same expression, so every lookup and update by _id scanned the whole
// table (10 ms per update at 1,000 orders, growing with the collection).
// keepIDIndexes adds an index on the queried expression to every collection
// table, now and whenever new ones appear. FerretDB does not know about these
// indexes (they are not in its metadata), and dropping a collection drops
// them with the table.
func keepIDIndexes(ctx context.Context, dir string, logger *slog.Logger) {
	dbs := map[string]*sql.DB{}
	defer func() {
		for _, db := range dbs {
			db.Close()
		}
	}()

	tick := time.NewTicker(time.Second)
	defer tick.Stop()

	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, f := range files {
			db, ok := dbs[f]
			if !ok {
				var err error
				db, err = sql.Open("sqlite", "file:"+f+"?_pragma=busy_timeout(10000)")
				if err != nil {
					continue
				}
				db.SetMaxOpenConns(1)
				dbs[f] = db
			}
			if err := indexTables(ctx, db); err != nil && ctx.Err() == nil {
				logger.Debug("id index", "file", f, "error", err)
			}
		}
		for f, db := range dbs {
			if _, err := os.Stat(f); err != nil { // database dropped
				db.Close()
				delete(dbs, f)
			}
		}

		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func indexTables(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, `SELECT t.table_name FROM _ferretdb_collections t
		WHERE NOT EXISTS (SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = t.table_name || '_jalon_id')`)
	if err != nil {
		return err
	}
	var tables []string
	for rows.Next() {
		var t string
		if rows.Scan(&t) == nil {
			tables = append(tables, t)
		}
	}
	rows.Close()

	for _, t := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, t+"_jalon_id", t)
		if _, err := db.ExecContext(ctx, q); err != nil && !strings.Contains(err.Error(), "no such table") {
			return err
		}
	}
	return nil
}
