// Package promstack starts the real Prometheus, Alertmanager and
// blackbox_exporter programs on loopback for integration tests, and offers
// the test doubles around them: a target whose answer differs per probing
// location and a webhook recorder.
//
// # Sections
//
// Starting: [Start] launches one blackbox_exporter per location, a
// Prometheus that scrapes every location for every [Target] (series carry a
// location label) and evaluates alerting rules, and, when
// [Config.WebhookURL] is set, an Alertmanager that routes every alert to that
// webhook. Each program runs directly (not as a service) with a temporary
// config and data directory and ports chosen free on 127.0.0.1; [Start]
// waits until each is ready and registers cleanup that stops them all. When
// a program is missing it skips the test, naming the Debian packages.
//
// Targets: [NewTarget] is a loopback HTTP server whose status code the test
// sets per location ([LocationTarget.Set]); blackbox_exporter sends the
// location in the [LocationHeader] request header.
//
// Webhooks: [NewWebhookRecorder] records every delivery (headers and body).
//
// Waiting: [Stack.Query] runs an instant query, and [Eventually] polls a
// condition with a generous bound.
package promstack
