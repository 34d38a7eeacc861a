package cachet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// listBody returns a list answer holding components first..first+n-1 of
// total, as page page of pages.
func listBody(first, n, total, page, pages int) []byte {
	items := make([]string, 0, n)
	for id := first; id < first+n; id++ {
		items = append(items, componentN(id))
	}
	return fmt.Appendf(nil, `{"meta":{"pagination":{"total":%d,"count":%d,"per_page":%d,"current_page":%d,`+
		`"total_pages":%d,"links":{"next_page":null,"previous_page":null}}},"data":[%s]}`,
		total, n, n, page, pages, strings.Join(items, ","))
}

// bytesTransport answers every request with body(r) as JSON, without any
// network.
type bytesTransport func(*http.Request) []byte

func (f bytesTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	b := f(r)
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": []string{"application/json"}},
		Body: io.NopCloser(bytes.NewReader(b)), ContentLength: int64(len(b)), Request: r, ProtoMajor: 1, ProtoMinor: 1}, nil
}

func benchClient(b *testing.B, rt http.RoundTripper) *Client {
	b.Helper()
	c, err := NewClient("https://status.test", WithToken(testToken), WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkListPage compares one 100-component page decoded through the
// client with json.Unmarshal of the same bytes into the same types.
func BenchmarkListPage(b *testing.B) {
	body := listBody(1, 100, 100, 1, 1)
	b.Run("client", func(b *testing.B) {
		c := benchClient(b, bytesTransport(func(*http.Request) []byte { return body }))
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			page, err := c.Components.List(b.Context(), &ListComponentsOptions{ListOptions: ListOptions{PerPage: 100}})
			if err != nil || len(page.Items) != 100 {
				b.Fatal(err)
			}
		}
	})
	b.Run("json.Unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var doc struct {
				Meta listMeta    `json:"meta"`
				Data []Component `json:"data"`
			}
			if err := json.Unmarshal(body, &doc); err != nil || len(doc.Data) != 100 {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAll10000 iterates over 10,000 components in pages of 100.
func BenchmarkAll10000(b *testing.B) {
	const total, perPage = 10000, 100
	pages := make([][]byte, total/perPage)
	for i := range pages {
		pages[i] = listBody(i*perPage+1, perPage, total, i+1, len(pages))
	}
	c := benchClient(b, bytesTransport(func(r *http.Request) []byte {
		p, _ := strconv.Atoi(r.URL.Query().Get("page"))
		return pages[max(p, 1)-1]
	}))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for _, err := range c.Components.All(b.Context(), nil) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != total {
			b.Fatalf("got %d components", n)
		}
	}
}
