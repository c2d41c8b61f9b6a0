package watcher_test

import "github.com/cairn-rollup/cairn/l1/bindings"

var bridgeABI = bindings.NewBridge()
