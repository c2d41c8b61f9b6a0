//go:build !long

package e2e

// validatorKills is how many times TestValidatorKilledAtRandomPoints... kills
// its validator in make test; -tags long (make test-long) makes it 20.
const validatorKills = 5

// wsHeads is how many consecutive final blocks TestWebSocketSubscriptions
// follows on one connection (make test-long: 100).
const wsHeads = 5
