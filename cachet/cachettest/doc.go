// Package cachettest provides an in-memory fake of the Cachet v1 status
// page API, faithful to Cachet 2.4 (with a 2.3 wire profile), in the spirit
// of [net/http/httptest].
//
// A test starts a fake, seeds it, points the code under test at
// [Server.APIURL] with [Server.Token], and then asserts on the stored rows
// or on the request log:
//
//	srv := cachettest.NewServer()
//	defer srv.Close()
//	srv.Handler.AddComponent(cachettest.Component{Name: "API", Status: 1, Enabled: true})
//	// ... PUT srv.APIURL()+"/components/1" with X-Cachet-Token: srv.Token ...
//	c, _ := srv.Handler.Component(1)
//
// The fake reproduces Cachet's validation rules and English messages,
// status codes (200 on create, 204 on delete, 400 with meta.details, 401,
// 404 naming the model, 405 with Allow, 406 as an HTML page), the middleware
// order that decides which of them wins, envelopes, pagination meta with
// absolute links, filters, the sort-order bug, guest versus token
// visibility, soft deletes, side effects and every quirk marked (F) in
// section 7 of the contract, cachet/API.md in this module. Test
// and doc comments cite those quirks by number. It is not a stub
// that accepts everything: it answers bad requests the way Cachet 2.4 does.
//
// # Sections
//
//   - Servers: [NewServer] starts a fake on 127.0.0.1 ([Server.URL],
//     [Server.APIURL], [Server.Token], [Server.Client], [Server.Close]);
//     the fake itself is its [Server.Handler], which has the seeding,
//     snapshot, request-log and fault methods below. [NewHandler] returns a
//     [Handler] to mount on any [net/http.Server] or mux (it answers paths
//     under /api/v1). Both work without a *testing.T, so runnable examples
//     can use them.
//   - Options: [WithToken] (default [DefaultToken]), [WithProfile]
//     ([Profile24], or [Profile23] which prints uncast integer columns as
//     strings), [WithClock], [WithAlwaysAuthenticate], [WithVersion],
//     [WithDisplayZone].
//   - Seeding: [Handler.AddComponent], [Handler.AddGroup],
//     [Handler.AddIncident], [Handler.AddIncidentUpdate],
//     [Handler.AddTemplate], [Handler.AddMetric], [Handler.AddMetricPoint],
//     [Handler.AddSchedule], [Handler.AddSubscriber] and
//     [Handler.AddSubscription] store plain row values ([Component],
//     [ComponentGroup], [Incident], [IncidentUpdate], [IncidentTemplate],
//     [Metric], [MetricPoint], [Schedule] with its [ScheduleComponent] rows,
//     [Subscriber], [Subscription]). An ID of 0 takes the next
//     auto-increment id and zero timestamps become the clock's now. Seeding
//     bypasses the API's validation and side effects, and the Add methods
//     panic when the given ID is already taken (a programming error in the
//     test, like a duplicate primary key).
//   - Snapshots: [Handler.Component], [Handler.Components],
//     [Handler.Groups], [Handler.Incident], [Handler.Incidents],
//     [Handler.IncidentUpdates], [Handler.Metric],
//     [Handler.Metrics], [Handler.MetricPoints], [Handler.Schedule],
//     [Handler.Schedules], [Handler.Subscriber], [Handler.Subscribers] and
//     [Handler.Subscriptions] return copies of the stored rows for
//     assertions; soft-deleted rows are not returned.
//   - Request log: [Handler.Requests] returns every [Request] received, in
//     arrival order, with the status answered; [Handler.ResetRequests]
//     clears it.
//   - Fault injection: [Handler.Inject] a [Fault] (status and body, HTML or
//     JSON, extra headers, latency, a hang until the client gives up, a
//     redirect, a dropped connection, or a write applied whose answer is
//     dropped) for the next N matching requests or
//     for all of them, or use the shorthand [Handler.FailNext];
//     [Handler.ClearFaults] removes them. [Server.Close] releases hanging
//     and delayed requests.
//
// # Requests and responses
//
// Requests are read the way Cachet reads them: a JSON body only when the
// content type contains /json or +json, otherwise a form body
// (urlencoded or multipart), with the query string as fallback, body first.
// Strings are trimmed, null entries of arrays are dropped, and booleans
// follow PHP's casts ("false" is true where Cachet casts with (bool)).
// The single user behind the token has id 1. Responses are encoded like
// PHP's json_encode ("\/" and \uXXXX escapes) and timestamps are printed
// as "2006-01-02 15:04:05" in the display zone (UTC unless
// [WithDisplayZone] or a Time-Zone request header says otherwise).
//
// # Concurrency
//
// A [Handler] and a [Server] are safe for concurrent use by any number of
// clients and test goroutines; every request runs under one store lock
// (shared for reads, exclusive for writes), so the side effects of one
// request are never seen half done.
package cachettest
