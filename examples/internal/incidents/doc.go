// Package incidents is the incident glue the example programs share: the
// marker ([MetaKey]) that identifies the incidents this module opens, the
// rule that tells them apart from a person's ([Convert]), the public texts
// in plain words ([Words]) and one [Writer] that performs the actions of
// [evaluate.PlanIncident] against Cachet. The decision of what to do stays
// in package evaluate; this package only reads and writes.
//
// It lives under examples/internal because only the example programs
// (statuscron, alertbridge) use it: it is not part of the module's public
// API.
package incidents
