package contracts_test

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// gasBudgetFile holds the committed gas budget of every entry point the gas
// tables measure (Osaka rules), per table.
const gasBudgetFile = "gas_budget.json"

// gasBudgetSlack is how much an entry point may grow over its budget before
// the gas tables fail: 2 %.
const gasBudgetSlack = 0.02

// updateGasBudgetEnv, set to 1, makes the gas tables write what they measured
// as the new budget instead of checking it.
const updateGasBudgetEnv = "CAIRN_UPDATE_GAS_BUDGET"

type gasBudget map[string]map[string]uint64 // table → entry point → gas

func readGasBudget(t *testing.T) gasBudget {
	t.Helper()
	b := gasBudget{}
	data, err := os.ReadFile(gasBudgetFile)
	if os.IsNotExist(err) {
		return b
	}
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &b), "decode %s", gasBudgetFile)
	return b
}

// checkGasBudget compares the Osaka figures of one gas table with its budget:
// an entry point more than 2 % over its budget, one missing from the budget
// or one in the budget that is no longer measured fails the test, with what
// to run to accept the new figures. With CAIRN_UPDATE_GAS_BUDGET=1 it writes
// the figures as the table's budget instead.
func checkGasBudget(t *testing.T, table string, rows []gasRow) {
	t.Helper()
	if t.Failed() {
		return
	}
	budget := readGasBudget(t)
	measured := make(map[string]uint64, len(rows))
	for _, r := range rows {
		_, dup := measured[r.what]
		require.False(t, dup, "entry point %q measured twice", r.what)
		measured[r.what] = r.gas
	}
	if os.Getenv(updateGasBudgetEnv) == "1" {
		budget[table] = measured
		data, err := json.MarshalIndent(budget, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(gasBudgetFile, append(data, '\n'), 0o644))
		t.Logf("wrote the gas budget of %q to contracts/%s: commit it", table, gasBudgetFile)
		return
	}
	want := budget[table]
	var over, notes []string
	for _, r := range rows {
		b, ok := want[r.what]
		switch {
		case !ok:
			over = append(over, fmt.Sprintf("  %s: %d gas, not in the budget", r.what, r.gas))
		case float64(r.gas) > float64(b)*(1+gasBudgetSlack):
			over = append(over, fmt.Sprintf("  %s: %d gas, budget %d (+%.1f %%)", r.what, r.gas, b, 100*(float64(r.gas)/float64(b)-1)))
		case float64(r.gas) < float64(b)*(1-gasBudgetSlack):
			notes = append(notes, fmt.Sprintf("  %s: %d gas, budget %d (%.1f %%)", r.what, r.gas, b, 100*(float64(r.gas)/float64(b)-1)))
		}
	}
	var gone []string
	for what := range want {
		if _, ok := measured[what]; !ok {
			gone = append(gone, "  "+what)
		}
	}
	sort.Strings(gone)
	update := fmt.Sprintf("If the change is intended, update the budget and commit it:\n  %s=1 go test -count=1 ./contracts -run 'TestGasTable|TestProofManagerGas'\n  git add contracts/%s",
		updateGasBudgetEnv, gasBudgetFile)
	if len(notes) > 0 {
		t.Logf("gas table %q: entry points now more than 2 %% under budget (tighten it: %s=1):\n%s", table, updateGasBudgetEnv, strings.Join(notes, "\n"))
	}
	if len(gone) > 0 {
		over = append(over, "no longer measured (remove from the budget):\n"+strings.Join(gone, "\n"))
	}
	if len(over) > 0 {
		t.Fatalf("gas table %q: over budget (more than 2 %% above contracts/%s):\n%s\n%s", table, gasBudgetFile, strings.Join(over, "\n"), update)
	}
}
