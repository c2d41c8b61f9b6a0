// Package config is the node's configuration: the cairn.toml schema with a
// default and a comment for every key, CAIRN_<SECTION>_<KEY> environment
// overrides, validation that names the bad key (every numeric key held to
// the range its range tag states, whatever set it), the generated example
// file, and the genesis file that fixes a network.
//
// Loading order: defaults, then the file, then the environment; the CLI
// applies its flags last and calls Validate before anything starts.
package config
