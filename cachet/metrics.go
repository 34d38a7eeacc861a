package cachet

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"strconv"
	"time"
)

// MetricsService manages metrics (/metrics).
type MetricsService service

// Metric is a chart of values on the status page.
type Metric struct {
	ID          int
	Name        string
	Suffix      string // unit shown after values, e.g. "ms"
	Description string
	// DefaultValue is the value of the chart where there are no points.
	// Cachet 2.4 stores three decimals but sends it truncated to an
	// integer; older servers may send the decimals, which are kept.
	DefaultValue    float64
	CalcType        MetricCalcType
	DisplayChart    bool
	Places          int // decimal places shown, 0-4
	DefaultView     MetricDefaultView
	DefaultViewName string // Cachet's localised name of DefaultView
	Threshold       int    // minutes within which equal points are merged; divides 60
	Order           int
	// Visible is stored and sent back, but the API itself ignores it: every
	// caller sees every metric. Cachet 2.3 has no such field; its metrics
	// decode as MetricVisibilityAuthenticated (the zero value).
	Visible   MetricVisibility
	CreatedAt time.Time
	UpdatedAt time.Time
}

// UnmarshalJSON decodes Cachet's metric object, tolerating integers and
// booleans sent as strings (Cachet 2.3) and null fields.
func (m *Metric) UnmarshalJSON(b []byte) error {
	var w struct {
		ID              flexInt           `json:"id"`
		Name            string            `json:"name"`
		Suffix          string            `json:"suffix"`
		Description     string            `json:"description"`
		DefaultValue    flexFloat         `json:"default_value"`
		CalcType        MetricCalcType    `json:"calc_type"`
		DisplayChart    flexBool          `json:"display_chart"`
		Places          flexInt           `json:"places"`
		DefaultView     MetricDefaultView `json:"default_view"`
		DefaultViewName string            `json:"default_view_name"`
		Threshold       flexInt           `json:"threshold"`
		Order           flexInt           `json:"order"`
		Visible         MetricVisibility  `json:"visible"`
		CreatedAt       timestamp         `json:"created_at"`
		UpdatedAt       timestamp         `json:"updated_at"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*m = Metric{
		ID:              int(w.ID),
		Name:            w.Name,
		Suffix:          w.Suffix,
		Description:     w.Description,
		DefaultValue:    float64(w.DefaultValue),
		CalcType:        w.CalcType,
		DisplayChart:    bool(w.DisplayChart),
		Places:          int(w.Places),
		DefaultView:     w.DefaultView,
		DefaultViewName: w.DefaultViewName,
		Threshold:       int(w.Threshold),
		Order:           int(w.Order),
		Visible:         w.Visible,
		CreatedAt:       w.CreatedAt.time(),
		UpdatedAt:       w.UpdatedAt.time(),
	}
	return nil
}

// CreateMetricRequest is the body of [MetricsService.Create]. Name, Suffix,
// Description and DefaultValue are always sent (Cachet requires them); nil
// pointers are not sent and get Cachet's defaults.
type CreateMetricRequest struct {
	Name   string `json:"name"`
	Suffix string `json:"suffix"` // unit, e.g. "ms"; required
	// Description is optional by Cachet's rules, but its database column is
	// NOT NULL, so a metric created without one fails with 400 (quirk 31).
	// It is therefore always sent; an empty string is stored as such.
	Description  string             `json:"description"`
	DefaultValue int                `json:"default_value"` // Cachet accepts only an integer here
	CalcType     *MetricCalcType    `json:"calc_type,omitempty"`
	DisplayChart *bool              `json:"-"`                      // default true; sent as 0/1
	Places       *int               `json:"places,omitempty"`       // 0-4, default 2
	DefaultView  *MetricDefaultView `json:"default_view,omitempty"` // default MetricViewLast12Hours
	// Threshold is in minutes and must divide 60 (default 5); Create
	// refuses other values, among them 0, which would make Cachet answer
	// 500.
	Threshold *int              `json:"threshold,omitempty"`
	Order     *int              `json:"order,omitempty"`
	Visible   *MetricVisibility `json:"visible,omitempty"` // default MetricVisibilityPublic
}

// MarshalJSON sends DisplayChart as 0 or 1: Cachet validates it as an
// integer and rejects JSON false.
func (r CreateMetricRequest) MarshalJSON() ([]byte, error) {
	type plain CreateMetricRequest
	return json.Marshal(struct {
		plain
		DisplayChart *zeroOne `json:"display_chart,omitempty"`
	}{plain(r), (*zeroOne)(r.DisplayChart)})
}

// UpdateMetricRequest is the body of [MetricsService.Update]. Nil pointers
// leave the field unchanged.
type UpdateMetricRequest struct {
	Name         *string            `json:"name,omitempty"`
	Suffix       *string            `json:"suffix,omitempty"`
	Description  *string            `json:"description,omitempty"`
	DefaultValue *float64           `json:"default_value,omitempty"`
	CalcType     *MetricCalcType    `json:"calc_type,omitempty"`    // 0 or 1 only
	DisplayChart *bool              `json:"-"`                      // sent as 0/1
	Places       *int               `json:"places,omitempty"`       // 0-4
	DefaultView  *MetricDefaultView `json:"default_view,omitempty"` // 0-3
	Threshold    *int               `json:"threshold,omitempty"`    // minutes; must divide 60
	Order        *int               `json:"order,omitempty"`
	Visible      *MetricVisibility  `json:"visible,omitempty"`
}

// MarshalJSON sends DisplayChart as 0 or 1.
func (r UpdateMetricRequest) MarshalJSON() ([]byte, error) {
	type plain UpdateMetricRequest
	return json.Marshal(struct {
		plain
		DisplayChart *zeroOne `json:"display_chart,omitempty"`
	}{plain(r), (*zeroOne)(r.DisplayChart)})
}

// zeroOne is a boolean sent as the JSON integer 0 or 1.
type zeroOne bool

// MarshalJSON writes 0 or 1.
func (z zeroOne) MarshalJSON() ([]byte, error) {
	if z {
		return []byte("1"), nil
	}
	return []byte("0"), nil
}

// checkThreshold rejects a metric threshold Cachet cannot store: it must be
// a positive divisor of 60 minutes (0 makes Cachet answer 500, others 400).
func checkThreshold(threshold *int) error {
	if threshold == nil {
		return nil
	}
	if t := *threshold; t <= 0 || 60%t != 0 {
		return fmt.Errorf("%w: metric threshold must be a positive divisor of 60 minutes, got %d", ErrValidation, t)
	}
	return nil
}

// ListMetricsOptions sorts [MetricsService.List] and [MetricsService.All].
// Metrics cannot be filtered. Sorting is always descending, whatever Order
// says (quirk 6).
type ListMetricsOptions struct {
	ListOptions
	// Sort is one of id, name, display_chart, default_value, calc_type,
	// order or visible; others are ignored.
	Sort  string `url:"sort,omitempty"`
	Order string `url:"order,omitempty"` // asc or desc; ignored by Cachet (always desc)
}

func (o ListMetricsOptions) withPage(lo ListOptions) any {
	o.ListOptions = lo
	return o
}

// List returns one page of metrics, all of them whatever their Visible.
// opts may be nil.
func (s *MetricsService) List(ctx context.Context, opts *ListMetricsOptions) (*Page[Metric], error) {
	return getPage[Metric](ctx, s.client, "metrics", opts)
}

// All iterates over every metric from opts.Page on (opts may be nil;
// PerPage defaults to 100); it stops at the first error, which it yields.
func (s *MetricsService) All(ctx context.Context, opts *ListMetricsOptions) iter.Seq2[Metric, error] {
	return allSorted[Metric](ctx, s.client, "metrics", opts)
}

// Get returns the metric with id.
func (s *MetricsService) Get(ctx context.Context, id int) (*Metric, error) {
	return requestOne[Metric](ctx, s.client, http.MethodGet, metricPath(id), nil)
}

// Create creates a metric. It needs a token. A Threshold that is not a
// positive divisor of 60 is refused before sending, with an error matching
// [ErrValidation].
func (s *MetricsService) Create(ctx context.Context, req CreateMetricRequest) (*Metric, error) {
	if err := checkThreshold(req.Threshold); err != nil {
		return nil, err
	}
	return requestOne[Metric](ctx, s.client, http.MethodPost, "metrics", req)
}

// Update changes the fields of metric id that req sets. It needs a token.
// A Threshold that is not a positive divisor of 60 is refused before
// sending, with an error matching [ErrValidation].
func (s *MetricsService) Update(ctx context.Context, id int, req UpdateMetricRequest) (*Metric, error) {
	if err := checkThreshold(req.Threshold); err != nil {
		return nil, err
	}
	return requestOne[Metric](ctx, s.client, http.MethodPut, metricPath(id), req)
}

// Delete deletes metric id and all its points. It needs a token.
func (s *MetricsService) Delete(ctx context.Context, id int) error {
	return s.client.remove(ctx, metricPath(id))
}

func metricPath(id int) string { return "metrics/" + strconv.Itoa(id) }
