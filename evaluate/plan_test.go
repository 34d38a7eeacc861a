package evaluate_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/evaluate"
)

func TestPlan(t *testing.T) {
	t.Parallel()
	obs := []evaluate.Observation{
		{ComponentID: 5, Current: operational, Decided: major},
		{ComponentID: 2, Current: operational, Decided: operational},
		{ComponentID: 9, Current: operational, Decided: partial},
		{ComponentID: 7, Current: partial, Decided: operational, LastWritten: operational, LastWrittenKnown: true},
		{ComponentID: 8, Current: partial, Decided: operational, LastWritten: partial, LastWrittenKnown: true},
		{ComponentID: 3, Current: major, Decided: operational, LastWritten: operational},
		{ComponentID: 1, Current: operational, Decided: 6},
	}
	original := slices.Clone(obs)
	tests := []struct {
		name string
		opts evaluate.PlanOptions
		want []evaluate.Change
	}{
		{"plain", evaluate.PlanOptions{}, []evaluate.Change{
			{ComponentID: 1, From: operational, To: 6, Action: evaluate.ActionSkipInvalid},
			{ComponentID: 2, From: operational, To: operational, Action: evaluate.ActionUnchanged},
			{ComponentID: 3, From: major, To: operational, Action: evaluate.ActionUpdate},
			{ComponentID: 5, From: operational, To: major, Action: evaluate.ActionUpdate},
			{ComponentID: 7, From: partial, To: operational, Action: evaluate.ActionUpdate},
			{ComponentID: 8, From: partial, To: operational, Action: evaluate.ActionUpdate},
			{ComponentID: 9, From: operational, To: partial, Action: evaluate.ActionUpdate},
		}},
		{"maintenance and manual", evaluate.PlanOptions{Maintenance: map[int]bool{9: true, 2: true, 5: false}, RespectManual: true}, []evaluate.Change{
			{ComponentID: 1, From: operational, To: 6, Action: evaluate.ActionSkipInvalid},
			{ComponentID: 2, From: operational, To: operational, Action: evaluate.ActionSkipMaintenance},
			{ComponentID: 3, From: major, To: operational, Action: evaluate.ActionUpdate}, // last write unknown
			{ComponentID: 5, From: operational, To: major, Action: evaluate.ActionUpdate},
			{ComponentID: 7, From: partial, To: operational, Action: evaluate.ActionSkipManual},
			{ComponentID: 8, From: partial, To: operational, Action: evaluate.ActionUpdate},
			{ComponentID: 9, From: operational, To: partial, Action: evaluate.ActionSkipMaintenance},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tt.want, evaluate.Plan(obs, tt.opts))
			assert.Equal(t, original, obs, "Plan does not modify its input")
		})
	}
	assert.Empty(t, evaluate.Plan(nil, evaluate.PlanOptions{}))
}

func TestPlanOrderIsStableByID(t *testing.T) {
	t.Parallel()
	for _, n := range []int{2, 10, 1000, 5000} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			t.Parallel()
			rng := rand.New(rand.NewPCG(1, uint64(n))) // one per subtest: a Rand is not safe for concurrent use
			obs := make([]evaluate.Observation, n)
			for i := range obs {
				id := rng.IntN(n/2+1) - n/8 // duplicates and negative ids
				if i%97 == 0 {
					id = []int{math.MinInt, math.MaxInt, -1, 0, 1 << 40}[i%5]
				}
				obs[i] = evaluate.Observation{ComponentID: id, Current: cachet.ComponentStatus(i % 5), Decided: cachet.ComponentStatus(i % 3)}
			}
			got := evaluate.Plan(obs, evaluate.PlanOptions{})
			require.Len(t, got, n)

			want := evaluate.Plan(obs[:0:0], evaluate.PlanOptions{})
			for _, o := range obs {
				want = append(want, evaluate.Plan([]evaluate.Observation{o}, evaluate.PlanOptions{})...)
			}
			slices.SortStableFunc(want, func(a, b evaluate.Change) int {
				switch {
				case a.ComponentID < b.ComponentID:
					return -1
				case a.ComponentID > b.ComponentID:
					return 1
				}
				return 0
			})
			assert.Equal(t, want, got)
		})
	}
}

func TestActionString(t *testing.T) {
	t.Parallel()
	want := map[evaluate.Action]string{
		evaluate.ActionUpdate:          "updated",
		evaluate.ActionUnchanged:       "unchanged",
		evaluate.ActionSkipMaintenance: "skipped-maintenance",
		evaluate.ActionSkipManual:      "skipped-manual",
		evaluate.ActionSkipInvalid:     "skipped-invalid",
		evaluate.ActionDryRun:          "dry-run",
		evaluate.ActionFailed:          "failed",
		evaluate.Action(77):            "Action(77)",
	}
	for a, s := range want {
		assert.Equal(t, s, a.String())
		text, err := a.MarshalText()
		if !a.Valid() {
			assert.Error(t, err)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, s, string(text), "the word in JSON lines")
		var back evaluate.Action
		require.NoError(t, back.UnmarshalText(text))
		assert.Equal(t, a, back)
	}
	var bad evaluate.Action
	assert.Error(t, bad.UnmarshalText([]byte("update")))
}

func BenchmarkPlan(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		rng := rand.New(rand.NewPCG(uint64(n), 7))
		obs := make([]evaluate.Observation, n)
		maintenance := map[int]bool{}
		for i := range obs {
			id := rng.IntN(1 << 20)
			obs[i] = evaluate.Observation{ComponentID: id, Current: cachet.ComponentStatus(i % 5), Decided: cachet.ComponentStatus(i % 4), LastWritten: cachet.ComponentStatus(i % 5), LastWrittenKnown: i%2 == 0}
			if i < 20 {
				maintenance[id] = true // a realistic maintenance set: the same size for every n
			}
		}
		opts := evaluate.PlanOptions{Maintenance: maintenance, RespectManual: true}
		b.Run("shuffled/"+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				evaluate.Plan(obs, opts)
			}
		})
		sorted := slices.Clone(obs)
		slices.SortFunc(sorted, func(a, b evaluate.Observation) int { return a.ComponentID - b.ComponentID })
		b.Run("sorted/"+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				evaluate.Plan(sorted, opts)
			}
		})
	}
}

// TestPlanSortsByID pins the order of a plan: by component id, whatever the
// input order (ascending, descending, one step down at the end), and stable:
// equal ids keep their input order.
func TestPlanSortsByID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		ids  []int
		want []int // ids of the plan, in order
	}{
		{"ascending", []int{1, 2, 3, 4}, []int{1, 2, 3, 4}},
		{"ascending with equal ids", []int{1, 2, 2, 3}, []int{1, 2, 2, 3}},
		{"descending", []int{4, 3, 2, 1}, []int{1, 2, 3, 4}},
		{"descending with equal ids", []int{3, 2, 2, 1}, []int{1, 2, 2, 3}},
		{"one step down at the end", []int{1, 2, 3, 5, 4}, []int{1, 2, 3, 4, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			obs := make([]evaluate.Observation, len(tt.ids))
			for i, id := range tt.ids {
				// Decided records the input position, to check stability.
				obs[i] = evaluate.Observation{ComponentID: id, Current: operational, Decided: cachet.ComponentStatus(i % 5)}
			}
			got := evaluate.Plan(obs, evaluate.PlanOptions{})
			ids := make([]int, len(got))
			for i, c := range got {
				ids[i] = c.ComponentID
			}
			assert.Equal(t, tt.want, ids)
			for i := 1; i < len(got); i++ {
				if got[i].ComponentID == got[i-1].ComponentID {
					assert.Less(t, got[i-1].To, got[i].To, "equal ids keep their input order")
				}
			}
		})
	}
}
