//go:build twins_long

package harness

const defaultTwinsScenarios = 3000

// fixedTwinsBase is off in long runs: every run explores new seeds, and a
// failure prints the seed to rerun.
const fixedTwinsBase = false
