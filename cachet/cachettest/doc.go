// Package cachettest provides an in-memory fake of the Cachet v1 status
// page API, faithful to Cachet 2.4 (with a 2.3 wire profile), in the spirit
// of [net/http/httptest].
//
// The fake reproduces Cachet's validation rules and English messages,
// status codes (200 on create, 204 on delete, 400 with meta.details, 401,
// 404 naming the model, 405 with Allow, 406 as an HTML page), envelopes,
// pagination meta with absolute links, filters, the sort-order bug, guest
// versus token visibility, soft deletes, side effects and the quirks listed
// in section 7 of the contract (docs: cachet-v1-api.md).
//
// # Sections
//
//   - Servers: [NewServer] starts a fake on 127.0.0.1 ([Server.URL],
//     [Server.APIURL], [Server.Token], [Server.Close]); [NewHandler] returns
//     the [Handler] to mount elsewhere. Both work without a *testing.T.
//   - Options: [WithToken] (default [DefaultToken]), [WithProfile]
//     ([Profile24], [Profile23]), [WithClock], [WithAlwaysAuthenticate],
//     [WithVersion], [WithDisplayZone], [WithMajorOutageRate].
//   - Seeding and snapshots: [Handler.AddComponent], [Handler.AddGroup],
//     [Handler.AddIncident], [Handler.AddIncidentUpdate],
//     [Handler.AddTemplate] store plain model values ([Component],
//     [ComponentGroup], [Incident], [IncidentUpdate], [IncidentTemplate]);
//     [Handler.Component], [Handler.Components], [Handler.Group],
//     [Handler.Groups], [Handler.Incident], [Handler.Incidents],
//     [Handler.IncidentUpdate], [Handler.IncidentUpdates] and
//     [Handler.Templates] return copies for assertions.
//   - Request log: [Handler.Requests] returns every [Request] received;
//     [Handler.ResetRequests] clears it.
//   - Fault injection: [Handler.Inject] a [Fault] (status and body, HTML or
//     JSON, latency, hang, redirect, dropped connection) or
//     [Handler.FailNext]; [Handler.ClearFaults].
//
// Requests are read the way Cachet reads them: a JSON body (content type
// containing /json or +json), a form body, and the query string, body first.
// The single user behind the token has id 1. Responses are encoded like
// PHP's json_encode ("\/" and \uXXXX escapes) and timestamps are printed
// as "2006-01-02 15:04:05" in the display zone (UTC unless
// [WithDisplayZone] or a Time-Zone request header says otherwise).
package cachettest
