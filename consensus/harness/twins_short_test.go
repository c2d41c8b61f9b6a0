//go:build !twins_long

package harness

const defaultTwinsScenarios = 300

// fixedTwinsBase keeps CI seeds fixed so a failure is reproducible by name.
const fixedTwinsBase = true
