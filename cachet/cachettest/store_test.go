package cachettest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTableRemoveWhere(t *testing.T) {
	t.Parallel()
	tb := newTable[Subscription]()
	for range 6 {
		row := &Subscription{}
		tb.insert(row, &row.ID)
	}
	tb.removeWhere(func(s *Subscription) bool { return s.ID%2 == 0 })
	assert.Equal(t, []int{1, 3, 5}, tb.ids)
	for i, row := range tb.rows {
		assert.Equal(t, tb.ids[i], row.ID, "rows and ids stay parallel")
		got, ok := tb.get(row.ID)
		assert.True(t, ok)
		assert.Same(t, row, got)
	}
	assert.False(t, tb.has(2))
	assert.Len(t, tb.byID, 3)
	next := &Subscription{}
	tb.insert(next, &next.ID)
	assert.Equal(t, 7, next.ID, "removed ids are not reused")
	tb.removeWhere(func(*Subscription) bool { return true })
	assert.Empty(t, tb.rows)
	assert.Empty(t, tb.byID)
}
