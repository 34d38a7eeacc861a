package evaluate_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sources parses the non-test Go files in dir.
func sources(t *testing.T, dir string) map[string]*ast.File {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	require.NoError(t, err)
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		files[filepath.Base(name)] = f
	}
	require.NotEmpty(t, files, "precondition: Go files in %s", dir)
	return files
}

// impurities lists imports outside the allow-list, calls that read a
// clock or wait, and package-level variables other than error sentinels.
func impurities(files map[string]*ast.File) []string {
	allowed := map[string]bool{
		"cmp": true, "errors": true, "fmt": true, "strconv": true, "strings": true, "slices": true, "sort": true,
		"time": true, "encoding/json": true, "math": true, "unicode/utf8": true,
		// for their types only: the probe's failure kind and Cachet's component status
		"github.com/proxer/cachetstatus/probe": true, "github.com/proxer/cachetstatus/cachet": true,
	}
	forbidden := map[string]bool{
		"Now": true, "Since": true, "Until": true, "After": true, "AfterFunc": true, "Tick": true,
		"NewTicker": true, "NewTimer": true, "Sleep": true,
	}
	var found []string
	for name, f := range files {
		timeNames := map[string]bool{}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if !allowed[path] {
				found = append(found, name+": import "+path)
			}
			if path == "time" {
				local := "time"
				if imp.Name != nil {
					local = imp.Name.Name
				}
				timeNames[local] = true
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if pkg, ok := sel.X.(*ast.Ident); ok && timeNames[pkg.Name] && forbidden[sel.Sel.Name] {
					found = append(found, name+": call time."+sel.Sel.Name)
				}
			}
			return true
		})
		for _, decl := range f.Decls {
			if gen, ok := decl.(*ast.GenDecl); ok && gen.Tok == token.VAR {
				for _, spec := range gen.Specs {
					if isNameTable(spec.(*ast.ValueSpec)) {
						continue
					}
					for _, id := range spec.(*ast.ValueSpec).Names {
						if !strings.HasPrefix(id.Name, "Err") {
							found = append(found, name+": variable "+id.Name)
						}
					}
				}
			}
		}
	}
	return found
}

// isNameTable reports whether spec is an enum's table of names: one
// variable holding an array literal of string constants, as every enum of
// the module keeps its names. It is never written to, so it is no state.
func isNameTable(spec *ast.ValueSpec) bool {
	if len(spec.Names) != 1 || len(spec.Values) != 1 || !strings.HasSuffix(spec.Names[0].Name, "Names") {
		return false
	}
	lit, ok := spec.Values[0].(*ast.CompositeLit)
	if !ok {
		return false
	}
	if arr, ok := lit.Type.(*ast.ArrayType); !ok || arr.Len == nil {
		return false // a slice could be appended to; an array's length is fixed
	}
	for _, e := range lit.Elts {
		if b, ok := e.(*ast.BasicLit); !ok || b.Kind != token.STRING {
			return false
		}
	}
	return true
}

func TestPackageIsPure(t *testing.T) {
	t.Parallel()
	files := sources(t, ".")
	require.Contains(t, files, "evaluate.go", "precondition: run from the package directory")
	assert.Empty(t, impurities(files))
}

func TestImpuritiesAreFound(t *testing.T) {
	t.Parallel()
	assert.ElementsMatch(t, []string{
		"impure.go: import net/http",
		"impure.go: call time.Now",
		"impure.go: variable cache",
		"impure.go: variable kindNames",
	}, impurities(sources(t, filepath.Join("testdata", "impure"))))
}
