// Package sqlite only pins github.com/mattn/go-sqlite3 in this module, so that the bench
// harness can build go-sqlite3's own test binary (`go test -c github.com/mattn/go-sqlite3`)
// plain, under cgosan and with -asan.
package sqlite

import _ "github.com/mattn/go-sqlite3"
