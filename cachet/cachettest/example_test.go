package cachettest_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/proxer/cachetstatus/cachet/cachettest"
)

func Example() {
	srv := cachettest.NewServer()
	defer srv.Close()
	srv.AddComponent(cachettest.Component{Name: "API", Status: 1, Enabled: true})

	req, _ := http.NewRequest(http.MethodPut, srv.APIURL()+"/components/1", strings.NewReader(`{"status":4}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Cachet-Token", srv.Token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	resp.Body.Close()

	c, _ := srv.Component(1)
	fmt.Println(resp.StatusCode, c.Name, c.Status)
	// Output: 200 API 4
}

func ExampleHandler_FailNext() {
	srv := cachettest.NewServer()
	defer srv.Close()
	srv.FailNext(1, http.StatusBadGateway, "", "<html><body>Bad Gateway</body></html>")

	for range 2 {
		resp, err := srv.Client().Get(srv.APIURL() + "/ping")
		if err != nil {
			fmt.Println(err)
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"), string(body))
	}
	// Output:
	// 502 text/html; charset=UTF-8 <html><body>Bad Gateway</body></html>
	// 200 application/json {"data":"Pong!"}
}

func ExampleWithProfile() {
	srv := cachettest.NewServer(cachettest.WithProfile(cachettest.Profile23))
	defer srv.Close()
	srv.AddComponent(cachettest.Component{Name: "API", Status: 3, Enabled: true})

	resp, err := srv.Client().Get(srv.APIURL() + "/components?status=3")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(strings.Contains(string(body), `"status":"3"`))
	// Output: true
}
