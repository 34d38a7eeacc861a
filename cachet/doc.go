// Package cachet is a typed, context-aware client for the API v1 of Cachet
// 2.x status pages (2.4, tolerant of 2.3).
//
// It follows the Cachet source rather than its documentation: creates
// answer 200, validation failures 400 with details, integers may arrive as
// strings, tags and meta switch between [] and objects, date inputs take
// exactly "2006-01-02 15:04", and a filter combined with a page number makes
// Cachet 2.4 answer 500. The client absorbs all of that behind plain Go
// types. "Quirk N" in the doc comments refers to section 7 of the contract
// in API.md beside this package.
//
//	c, err := cachet.NewClient("https://status.example.com", cachet.WithToken(token))
//	comp, err := c.Components.Update(ctx, 3, cachet.UpdateComponentRequest{
//		Status: cachet.Ptr(cachet.ComponentStatusPartialOutage),
//	})
//
// # Sections
//
// Client and options: [NewClient] with [WithToken], [WithHTTPClient],
// [WithRateLimit], [WithRetry] ([RetryPolicy],
// [DefaultRetryPolicy], [NoRetry]), [WithUserAgent], [WithLogger],
// [WithMaxBodyBytes] and [WithLocation]. A [Client] is immutable and safe
// for concurrent use; it never prints its token ([Client.String]).
//
// General endpoints: [Client.Ping], [Client.Version] ([Version], [Release]),
// [Client.Status] ([Status], [SystemStatus]).
//
// Resources, one service each on [Client]: [ComponentsService] ([Component],
// [CreateComponentRequest], [UpdateComponentRequest],
// [ListComponentsOptions]), [ComponentGroupsService] ([ComponentGroup]),
// [IncidentsService] ([Incident], [CreateIncidentRequest],
// [UpdateIncidentRequest]), [IncidentUpdatesService] ([IncidentUpdate]),
// [IncidentTemplatesService], [MetricsService], [MetricPointsService],
// [SchedulesService], [SubscribersService] and [SubscriptionsService]. Each
// has List (one [Page] with its [Pagination]), All (an iter.Seq2 over every
// page), Get, Create, Update and Delete where Cachet routes them.
//
// Reads for a status cycle, each a fixed number of requests:
// [ComponentsService.ByID] (every component, 500 a page),
// [IncidentsService.Unresolved] (three filtered requests, however many
// resolved incidents exist), [IncidentsService.RecentlyResolved] (one) and
// [SchedulesService.InProgress] with [Schedule.InProgress].
//
// Requests: required fields are values, optional ones pointers — [Ptr]
// builds them — so false, 0 and "no group" can be sent while nil means
// "leave unchanged". Date inputs are [Minute] values. Tags are sent as one
// comma-separated string and decoded into sorted [Tag] values; meta decodes
// into [Meta].
//
// Enumerations: [ComponentStatus], [IncidentStatus], [IncidentVisibility],
// [ScheduleStatus], [GroupCollapsed], [GroupVisibility], [MetricCalcType],
// [MetricDefaultView] and [MetricVisibility] are integers on the wire and in
// query strings, lowercase names in text (flags, config files).
// Every enum of the module (here, in evaluate and in probe) is built the
// same way: a named integer type whose names sit in an array indexed by
// value; String returns the name (here Cachet's English words, for
// [ComponentStatus] the lowercase words "performance issues") or
// "Type(n)" for an unknown value, Valid is "the index is in the array",
// MarshalText writes the configuration name and UnmarshalText reads it.
//
// Errors: every answer outside 2xx is an [*APIError] carrying Cachet's
// [ErrorDetail] list and a bounded body excerpt; errors.Is matches
// [ErrNotFound], [ErrUnauthorized], [ErrValidation], [ErrRateLimited] and
// [ErrServer]. A 2xx body that cannot be used is a [*DecodeError], wrapping
// [ErrNotCachet] when the server is not a Cachet v1 API (an HTML page,
// Cachet 3) and [ErrResponseTooLarge] past the body limit. A refused
// redirect is a [*RedirectError] ([ErrRedirect]). Transport and context
// errors are wrapped, so errors.Is(err, context.DeadlineExceeded) works.
//
// Retries and redirects: GET, PUT and DELETE are retried on connection
// errors, 429, 502, 503 and 504 with capped, jittered exponential backoff,
// honouring Retry-After; POST only with [RetryPolicy].RetryPOST. Writes never
// follow redirects, and no request follows a redirect to another host, so the
// token stays with the server it was meant for.
//
// Time: Cachet's timestamps carry no zone; they are read in the zone given
// to [WithLocation] (UTC by default).
package cachet
