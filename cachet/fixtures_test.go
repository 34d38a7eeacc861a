package cachet

// Bodies taken from the contract's §3.1 examples and quirks (Cachet 2.4
// presenters), plus 2.3 variants with integers as strings.

const componentJSON = `{"id":1,"name":"API","description":"","link":"","status":1,"order":0,"group_id":0,` +
	`"enabled":true,"meta":null,"created_at":"2024-03-01 12:00:00","updated_at":"2024-03-01 12:00:00",` +
	`"deleted_at":null,"status_name":"Operational","tags":[]}`

// componentTaggedJSON has tags as an object and meta as an object.
const componentTaggedJSON = `{"id":2,"name":"Database","description":"Primary DB","link":"https:\/\/db.example","status":3,` +
	`"order":2,"group_id":5,"enabled":false,"meta":{"owner":"ops","tier":1},"created_at":"2024-03-01 12:00:00",` +
	`"updated_at":"2024-03-02 08:30:15","deleted_at":null,"status_name":"Partial Outage",` +
	`"tags":{"prod":"Prod","eu-west":"EU West"}}`

// component23JSON is a Cachet 2.3 component on MySQL: integers as strings,
// no meta.
const component23JSON = `{"id":3,"name":"Web","description":"","link":"","status":"4","order":"1","group_id":"0",` +
	`"enabled":"1","created_at":"2019-05-24 10:01:44","updated_at":"2019-05-24 10:01:44","deleted_at":null,` +
	`"status_name":"Major Outage","tags":[]}`

const componentListJSON = `{"meta":{"pagination":{"total":3,"count":2,"per_page":2,"current_page":1,"total_pages":2,` +
	`"links":{"next_page":"http:\/\/status.test\/api\/v1\/components?per_page=2&page=2","previous_page":null}}},` +
	`"data":[` + componentJSON + `,` + componentTaggedJSON + `]}`

const incidentJSON = `{"id":7,"user_id":1,"component_id":2,"name":"DB slow","status":2,"visible":1,` +
	`"stickied":false,"notifications":false,"message":"Looking into it",` +
	`"occurred_at":"2024-03-01 11:58:00","created_at":"2024-03-01 12:00:03",` +
	`"updated_at":"2024-03-01 12:10:00","deleted_at":null,"is_resolved":false,"meta":[],` +
	`"updates":[{"id":3,"incident_id":7,"status":2,"message":"Found it","user_id":1,` +
	`"created_at":"2024-03-01 12:10:00","updated_at":"2024-03-01 12:10:00",` +
	`"human_status":"Identified","permalink":"http:\/\/status.test\/incidents\/7#update-3"}],` +
	`"human_status":"Identified","latest_update_id":3,"latest_status":2,` +
	`"latest_human_status":"Identified","latest_icon":"icon ion-alert yellows",` +
	`"permalink":"http:\/\/status.test\/incidents\/7","duration":5400}`

// incidentCreatedJSON is a POST /incidents answer: status 0 with the raw
// translation key, "component":null, no component_id, no deleted_at.
const incidentCreatedJSON = `{"id":8,"user_id":1,"name":"Maintenance","status":0,"visible":1,"stickied":true,` +
	`"notifications":false,"message":"Planned","occurred_at":"2024-03-01 12:00:00",` +
	`"created_at":"2024-03-01 12:00:00","updated_at":"2024-03-01 12:00:00","is_resolved":false,` +
	`"meta":{"ticket":"OPS-1"},"updates":[],"human_status":"cachet.incidents.status.0","latest_update_id":null,` +
	`"latest_status":0,"latest_human_status":"cachet.incidents.status.0","latest_icon":"icon ion-android-calendar",` +
	`"permalink":"http:\/\/status.test\/incidents\/8","duration":0,"component":null}`

const incidentUpdateJSON = `{"id":3,"incident_id":7,"status":2,"message":"Found it","user_id":1,` +
	`"created_at":"2024-03-01 12:10:00","updated_at":"2024-03-01 12:10:00",` +
	`"human_status":"Identified","permalink":"http:\/\/status.test\/incidents\/7#update-3"}`

const groupJSON = `{"id":5,"name":"Backend","order":1,"collapsed":2,"visible":1,"created_at":"2024-03-01 12:00:00",` +
	`"updated_at":"2024-03-01 12:00:00","enabled_components":[` + componentTaggedJSON + `],` +
	`"enabled_components_lowest":[` + componentTaggedJSON + `],"lowest_human_status":"Partial Outage"}`

// groupCreatedJSON is a POST answer: no members, lowest_human_status null.
const groupCreatedJSON = `{"name":"Frontend","order":0,"collapsed":0,"visible":0,"updated_at":"2024-03-01 12:00:00",` +
	`"created_at":"2024-03-01 12:00:00","id":6,"lowest_human_status":null}`

const versionJSON = `{"meta":{"on_latest":true,"latest":{"tag_name":"v2.3.18","prelease":false,"draft":false}},"data":"2.4.1"}`

const statusJSON = `{"data":{"status":"success","message":"All systems are operational"}}`

// listOf wraps items into a list answer with pagination for page of pages.
func listOf(items string, total, count, perPage, page, pages int) string {
	return `{"meta":{"pagination":{"total":` + itoa(total) + `,"count":` + itoa(count) + `,"per_page":` + itoa(perPage) +
		`,"current_page":` + itoa(page) + `,"total_pages":` + itoa(pages) +
		`,"links":{"next_page":null,"previous_page":null}}},"data":[` + items + `]}`
}

func dataOf(item string) string { return `{"data":` + item + `}` }
