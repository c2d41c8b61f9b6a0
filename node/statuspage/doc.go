// Package statuspage serves a node's status page: a plain HTML page at /
// (server-rendered with html/template, so every string is escaped; it
// reloads itself every few seconds) and the same data as JSON at
// /status.json. The node mounts it on its metrics listener.
//
// The page reads everything through Source, one call returning a
// Snapshot, so it is tested with a fake; the node's implementation reads
// its store and in-memory state, and L1 only as Node.Status does. The
// Handler keeps a snapshot for a second (CacheFor), so a page left open
// in many tabs, or a script polling /status.json, costs the node at most
// one read a second.
package statuspage
