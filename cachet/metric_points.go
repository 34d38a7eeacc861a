package cachet

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"time"
)

// MetricPointsService manages the points of a metric
// (/metrics/{id}/points).
type MetricPointsService service

// MetricPoint is one value of a metric. Cachet merges a submitted value into
// an existing point with the same value inside the metric's threshold
// window, counting submissions in Counter.
type MetricPoint struct {
	ID       int
	MetricID int
	// Value is the submitted value (Cachet stores three decimals). Cachet
	// prints integral values without a fraction; both forms decode.
	Value           float64
	Counter         int     // how many equal submissions were merged into this point
	CalculatedValue float64 // Value * Counter
	// CreatedAt is the time of the point, rounded by Cachet to the nearest
	// 30 seconds.
	CreatedAt time.Time
	UpdatedAt time.Time
}

// UnmarshalJSON decodes Cachet's point object, tolerating numbers sent as
// strings (Cachet 2.3 sends decimals as "20.500") and null fields.
func (p *MetricPoint) UnmarshalJSON(b []byte) error {
	var w struct {
		ID              flexInt   `json:"id"`
		MetricID        flexInt   `json:"metric_id"`
		Value           flexFloat `json:"value"`
		Counter         flexInt   `json:"counter"`
		CalculatedValue flexFloat `json:"calculated_value"`
		CreatedAt       timestamp `json:"created_at"`
		UpdatedAt       timestamp `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*p = MetricPoint{
		ID:              int(w.ID),
		MetricID:        int(w.MetricID),
		Value:           float64(w.Value),
		Counter:         int(w.Counter),
		CalculatedValue: float64(w.CalculatedValue),
		CreatedAt:       w.CreatedAt.time(),
		UpdatedAt:       w.UpdatedAt.time(),
	}
	return nil
}

// CreateMetricPointRequest is the body of [MetricPointsService.Create].
type CreateMetricPointRequest struct {
	// Value is the value to record. NaN and infinities cannot be sent.
	Value float64
	// Timestamp, when set, is the time of the point (Cachet rounds it to 30
	// seconds); nil means now. It is sent as Unix seconds, the integer
	// Cachet requires on create; sub-second parts are dropped.
	Timestamp *time.Time
}

// MarshalJSON writes {"value": v, "timestamp": unix-seconds}.
func (r CreateMetricPointRequest) MarshalJSON() ([]byte, error) {
	w := struct {
		Value     float64 `json:"value"`
		Timestamp *int64  `json:"timestamp,omitempty"`
	}{Value: r.Value}
	if r.Timestamp != nil {
		w.Timestamp = Ptr(r.Timestamp.Unix())
	}
	return json.Marshal(w)
}

// UpdateMetricPointRequest is the body of [MetricPointsService.Update].
type UpdateMetricPointRequest struct {
	// Value is always sent: Cachet sets a point updated without a value to
	// 0 (quirk 30).
	Value float64
	// Timestamp, when set, moves the point to that time; nil leaves it. It
	// is sent as Unix seconds in a JSON string, the only form Cachet
	// accepts on update ("The created at must be a string.").
	Timestamp *time.Time
}

// MarshalJSON writes {"value": v, "timestamp": "unix-seconds"}.
func (r UpdateMetricPointRequest) MarshalJSON() ([]byte, error) {
	w := struct {
		Value     float64 `json:"value"`
		Timestamp string  `json:"timestamp,omitempty"`
	}{Value: r.Value}
	if r.Timestamp != nil {
		w.Timestamp = strconv.FormatInt(r.Timestamp.Unix(), 10)
	}
	return json.Marshal(w)
}

// List returns one page of the points of metric metricID, newest first.
// opts may be nil. Points cannot be filtered or sorted.
func (s *MetricPointsService) List(ctx context.Context, metricID int, opts *ListOptions) (*Page[MetricPoint], error) {
	return getPage[MetricPoint](ctx, s.client, metricPointsPath(metricID), opts)
}

// All iterates over every point of metric metricID, newest first, from
// opts.Page on (opts may be nil; PerPage defaults to 100); it stops at the
// first error, which it yields. Points added while All runs shift the pages
// and can make it yield a point twice.
func (s *MetricPointsService) All(ctx context.Context, metricID int, opts *ListOptions) iter.Seq2[MetricPoint, error] {
	return allPlain[MetricPoint](ctx, s.client, metricPointsPath(metricID), opts)
}

// Create adds a point to metric metricID. It needs a token. If the metric
// already has a point with the same value within its threshold window
// (counted from now, even with a Timestamp), Cachet returns that point with
// Counter incremented instead of a new one.
func (s *MetricPointsService) Create(ctx context.Context, metricID int, req CreateMetricPointRequest) (*MetricPoint, error) {
	return requestOne[MetricPoint](ctx, s.client, http.MethodPost, metricPointsPath(metricID), req)
}

// Update sets the value (and optionally the time) of point pointID. It
// needs a token. Cachet does not check that the point belongs to metricID:
// it moves the point to metricID.
func (s *MetricPointsService) Update(ctx context.Context, metricID, pointID int, req UpdateMetricPointRequest) (*MetricPoint, error) {
	return requestOne[MetricPoint](ctx, s.client, http.MethodPut, metricPointPath(metricID, pointID), req)
}

// Delete deletes point pointID. It needs a token. Cachet does not check
// that the point belongs to metricID.
func (s *MetricPointsService) Delete(ctx context.Context, metricID, pointID int) error {
	return s.client.remove(ctx, metricPointPath(metricID, pointID))
}

func metricPointsPath(metricID int) string { return metricPath(metricID) + "/points" }

func metricPointPath(metricID, pointID int) string {
	return metricPointsPath(metricID) + "/" + strconv.Itoa(pointID)
}
