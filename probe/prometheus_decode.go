package probe

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// queryAnswer is Prometheus's envelope of an instant query answer:
// {"status": "success", "data": {...}} or {"status": "error", "errorType":
// ..., "error": ...}.
type queryAnswer struct {
	Status    string      `json:"status"`
	Data      *vectorData `json:"data"`
	ErrorType string      `json:"errorType"`
	Error     string      `json:"error"`
}

// vectorData is the data of a successful instant query.
type vectorData struct {
	ResultType string   `json:"resultType"`
	Result     []sample `json:"result"`
}

// sample is one series of an instant vector with its value.
type sample struct {
	Metric map[string]string `json:"metric"`
	Time   time.Time         `json:"-"`
	Value  float64           `json:"-"`
}

// name returns the series' metric name, or "the series without a name".
func (s sample) name() string {
	if n := s.Metric["__name__"]; n != "" {
		return n
	}
	return "the series without a metric name"
}

// UnmarshalJSON decodes {"metric": {...}, "value": [<unix seconds>,
// "<value>"]}, where the value is a decimal, "NaN", "+Inf" or "-Inf".
func (s *sample) UnmarshalJSON(b []byte) error {
	var raw struct {
		Metric map[string]string `json:"metric"`
		Value  []json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	if len(raw.Value) != 2 {
		return errors.New("sample value is not a [time, value] pair")
	}
	var seconds float64
	if err := json.Unmarshal(raw.Value[0], &seconds); err != nil || math.IsNaN(seconds) || math.Abs(seconds) > 1<<40 {
		return fmt.Errorf("sample time %s is not a unix time", excerpt(raw.Value[0]))
	}
	var text string
	if err := json.Unmarshal(raw.Value[1], &text); err != nil {
		return fmt.Errorf("sample value %s is not a string", excerpt(raw.Value[1]))
	}
	value, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return fmt.Errorf("sample value %q is not a number", excerpt([]byte(text)))
	}
	sec, frac := math.Modf(seconds)
	*s = sample{
		Metric: raw.Metric,
		Time:   time.Unix(int64(sec), int64(math.Round(frac*1e3))*int64(time.Millisecond)).UTC(),
		Value:  value,
	}
	return nil
}

// decodeVector parses an instant query answer. A Prometheus error answer is
// a *PrometheusError wrapping [ErrPrometheusQuery] (status and content type
// left for the caller to fill); everything else that is not a vector wraps
// [ErrPrometheusNotJSON] or [ErrPrometheusMalformed].
func decodeVector(body []byte) ([]sample, error) {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return nil, fmt.Errorf("%w: empty body", ErrPrometheusNotJSON)
	case trimmed[0] == '<':
		return nil, ErrPrometheusNotJSON
	case trimmed[0] != '{':
		return nil, fmt.Errorf("%w: not a json object", ErrPrometheusMalformed)
	}
	var answer queryAnswer
	if err := json.Unmarshal(trimmed, &answer); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrPrometheusMalformed, err)
	}
	switch {
	case answer.Status == "error":
		return nil, &PrometheusError{ErrorType: answer.ErrorType, Message: answer.Error, Err: ErrPrometheusQuery}
	case answer.Status != "success":
		return nil, fmt.Errorf("%w: status %q", ErrPrometheusMalformed, excerpt([]byte(answer.Status)))
	case answer.Data == nil:
		return nil, fmt.Errorf("%w: no data", ErrPrometheusMalformed)
	case answer.Data.ResultType != "vector":
		return nil, fmt.Errorf("%w: result type %q, want vector (an instant query of series)", ErrPrometheusMalformed, excerpt([]byte(answer.Data.ResultType)))
	}
	return answer.Data.Result, nil
}
