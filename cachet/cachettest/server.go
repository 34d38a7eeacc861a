package cachettest

import (
	"net"
	"net/http"
	"net/http/httptest"
)

// Server is a fake Cachet listening on a loopback port, in the spirit of
// [httptest.Server]: [Server.URL], [Server.Client], [Server.Close]. Seeding,
// the request log and fault injection are on its [Server.Handler].
type Server struct {
	// URL is the root of the server, e.g. http://127.0.0.1:40123, without a
	// trailing slash. The API lives under URL + "/api/v1" (see [Server.APIURL]).
	URL string
	// Token is the API token the server accepts in X-Cachet-Token.
	Token string
	// Handler is the fake the server serves: seed rows, read the request
	// log and inject faults through it.
	Handler *Handler

	srv *httptest.Server
}

// NewServer starts a fake Cachet on 127.0.0.1 with a random port. The caller
// must call [Server.Close] when done. It panics if no loopback port can be
// opened, like [httptest.NewServer].
func NewServer(opts ...Option) *Server {
	h := NewHandler(opts...)
	ts := httptest.NewUnstartedServer(h)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic("cachettest: listen on loopback: " + err.Error())
	}
	_ = ts.Listener.Close()
	ts.Listener = ln
	ts.Config.ErrorLog = discardLogger()
	ts.Start()
	return &Server{URL: ts.URL, Token: h.token, Handler: h, srv: ts}
}

// String describes the server without its token.
func (s Server) String() string { return "cachettest.Server{URL: " + s.URL + "}" }

// APIURL returns the base URL of the v1 API, URL + "/api/v1".
func (s *Server) APIURL() string { return s.URL + apiPrefix }

// Client returns an [http.Client] configured for the server, like
// [httptest.Server.Client].
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Close shuts the server down and blocks until all outstanding requests on
// it have completed. Hanging fault-injected requests are released first.
func (s *Server) Close() {
	s.srv.CloseClientConnections()
	s.Handler.release()
	s.srv.Close()
}
