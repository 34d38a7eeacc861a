package cachet_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/proxer/cachetstatus/cachet"
	"github.com/proxer/cachetstatus/cachet/cachettest"
)

// newExampleClient starts a fake Cachet and returns a client with its
// token.
func newExampleClient() (*cachet.Client, func()) {
	srv := cachettest.NewServer()
	c, err := cachet.NewClient(srv.URL, cachet.WithToken(srv.Token))
	if err != nil {
		log.Fatal(err)
	}
	return c, srv.Close
}

func ExampleNewClient() {
	srv := cachettest.NewServer(cachettest.WithToken("example-token-123456"))
	defer srv.Close()

	c, err := cachet.NewClient(srv.URL, cachet.WithToken("example-token-123456"),
		cachet.WithRetry(cachet.RetryPolicy{MaxAttempts: 3, MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second}))
	if err != nil {
		log.Fatal(err)
	}
	pong, err := c.Ping(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pong)
	// Output: Pong!
}

func ExampleClient_Status() {
	c, done := newExampleClient()
	defer done()

	st, err := c.Status(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(st.Status, "-", st.Message)
	// Output: success - System operational
}

func ExampleComponentsService_Create() {
	c, done := newExampleClient()
	defer done()
	ctx := context.Background()

	comp, err := c.Components.Create(ctx, cachet.CreateComponentRequest{
		Name:    "API",
		Status:  cachet.ComponentStatusOperational,
		Enabled: cachet.Ptr(true),
		Tags:    []string{"Production", "EU West"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(comp.ID, comp.Name, comp.Status)
	for _, tag := range comp.Tags {
		fmt.Printf("%s=%s\n", tag.Slug, tag.Name)
	}
	// Output:
	// 1 API operational
	// eu-west=EU West
	// production=Production
}

func ExampleComponentsService_Update() {
	c, done := newExampleClient()
	defer done()
	ctx := context.Background()

	comp, err := c.Components.Create(ctx, cachet.CreateComponentRequest{Name: "API", Status: cachet.ComponentStatusOperational})
	if err != nil {
		log.Fatal(err)
	}
	// Pointers say "send this", so false and 0 go out; nil fields are left alone.
	updated, err := c.Components.Update(ctx, comp.ID, cachet.UpdateComponentRequest{
		Status:  cachet.Ptr(cachet.ComponentStatusMajorOutage),
		GroupID: cachet.Ptr(0),
		Silent:  cachet.Ptr(true),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(updated.Name, updated.Status, updated.StatusName)
	// Output: API major outage Major Outage
}

func ExampleComponentsService_All() {
	c, done := newExampleClient()
	defer done()
	ctx := context.Background()

	for i, st := range []cachet.ComponentStatus{cachet.ComponentStatusOperational, cachet.ComponentStatusPartialOutage, cachet.ComponentStatusOperational} {
		if _, err := c.Components.Create(ctx, cachet.CreateComponentRequest{Name: fmt.Sprintf("svc-%d", i), Status: st}); err != nil {
			log.Fatal(err)
		}
	}
	// A filter plus paging makes Cachet 2.4 fail; All handles it.
	for comp, err := range c.Components.All(ctx, &cachet.ListComponentsOptions{Status: cachet.Ptr(cachet.ComponentStatusOperational)}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(comp.Name)
	}
	// Output:
	// svc-0
	// svc-2
}

func ExampleIncidentsService_Create() {
	c, done := newExampleClient()
	defer done()
	ctx := context.Background()

	comp, err := c.Components.Create(ctx, cachet.CreateComponentRequest{Name: "Database", Status: cachet.ComponentStatusOperational})
	if err != nil {
		log.Fatal(err)
	}
	occurred := cachet.Minute(time.Date(2024, 3, 1, 11, 58, 0, 0, time.UTC))
	inc, err := c.Incidents.Create(ctx, cachet.CreateIncidentRequest{
		Name:            "DB slow",
		Status:          cachet.IncidentStatusInvestigating,
		Message:         "Looking into it",
		Visible:         cachet.Ptr(cachet.IncidentVisibilityPublic),
		ComponentID:     cachet.Ptr(comp.ID),
		ComponentStatus: cachet.Ptr(cachet.ComponentStatusPerformanceIssues),
		OccurredAt:      &occurred,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(inc.Name, "-", inc.HumanStatus, "-", inc.OccurredAt.Format(time.DateTime))

	upd, err := c.IncidentUpdates.Create(ctx, inc.ID, cachet.CreateIncidentUpdateRequest{
		Status: cachet.IncidentStatusFixed, Message: "Indexes rebuilt",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(upd.HumanStatus, "-", upd.Message)

	comp, err = c.Components.Get(ctx, comp.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(comp.Name, "is", comp.Status)
	// Output:
	// DB slow - Investigating - 2024-03-01 11:58:00
	// Fixed - Indexes rebuilt
	// Database is performance issues
}

func ExampleAPIError() {
	c, done := newExampleClient()
	defer done()

	_, err := c.Components.Get(context.Background(), 999)
	fmt.Println(errors.Is(err, cachet.ErrNotFound))
	var apiErr *cachet.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Errors[0].Detail)
	}

	_, err = c.Components.Create(context.Background(), cachet.CreateComponentRequest{})
	if errors.As(err, &apiErr) {
		fmt.Println(errors.Is(err, cachet.ErrValidation), apiErr.Errors[0].Details)
	}
	// Output:
	// true
	// 404 No query results for model [CachetHQ\Cachet\Models\Component].
	// true [The name field is required.]
}

func ExampleComponentGroupsService_Create() {
	c, done := newExampleClient()
	defer done()

	g, err := c.ComponentGroups.Create(context.Background(), cachet.CreateComponentGroupRequest{
		Name:      "Backend",
		Collapsed: cachet.Ptr(cachet.GroupCollapsedUnlessIssue),
		Visible:   cachet.Ptr(cachet.GroupVisibilityPublic),
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(g.Name, g.Collapsed, g.Visible)
	// Output: Backend Collapsed Unless Issue Public
}

func ExampleComponentStatus_UnmarshalText() {
	var s cachet.ComponentStatus
	if err := s.UnmarshalText([]byte("partial_outage")); err != nil {
		log.Fatal(err)
	}
	text, _ := s.MarshalText()
	fmt.Println(int(s), s, string(text))
	// Output: 3 partial outage partial_outage
}
