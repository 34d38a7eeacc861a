module github.com/proxer/cachetstatus

go 1.25.0

require (
	github.com/google/go-querystring v1.2.0 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	golang.org/x/time v0.15.0 // indirect
)
