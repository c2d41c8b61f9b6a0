// Command cairn is the Cairn node: a ZK-rollup sequencer with its L1
// contracts, prover coordinator and provers. `cairn devnet` runs a whole
// chain on one machine; `cairn help` lists everything else.
//
// The command is thin: each subcommand parses its flags, loads the
// configuration and hands over to a package (devnet, node, l1/deploy,
// prover/client, bench). One file per subcommand.
package main
