//go:build long

package e2e

// validatorKills is how many times TestValidatorKilledAtRandomPoints... kills
// its validator under -tags long (make test-long); make test kills it 5 times.
const validatorKills = 20

// wsHeads is how many consecutive final blocks TestWebSocketSubscriptions
// follows on one connection (make test-long: 100).
const wsHeads = 100
