// cgosan-vet-go reads the Go side of one cgo package for `cgosan vet`: which C functions Go calls,
// and for each argument whether it can be Go memory (`&x`, `&s[i]`, `new(T)`, `unsafe.Pointer` of
// Go data, a Go string), is C memory (`C.CString`, `C.malloc`, C globals), is pinned
// (`runtime.Pinner.Pin` or `C.cgosan_pinned`), is no pointer at all, or cannot be told; and which
// exported Go functions return Go memory to C.
//
// It type-checks the Go files cgo generated (`*.cgo1.go`, `_cgo_gotypes.go`) with the package's
// other Go files, importing dependencies from the export data the go command built (an importcfg
// file: `packagefile PATH=FILE` and `importmap OLD=NEW` lines). Positions come through cgo's
// line directives, so they name the user's .go files.
//
// Usage: cgosan-vet-go -importcfg FILE GOFILE... ; writes one JSON object to standard output.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"strings"
)

// Class says what memory an expression can point to.
type Class string

const (
	Go      Class = "go"      // Go memory on some path
	CMem    Class = "c"       // C memory on every path
	Pinned  Class = "pinned"  // Go memory pinned by the program
	NonPtr  Class = "nonptr"  // not a pointer (integers, nil, handles)
	Unknown Class = "unknown" // cannot be told (parameters, results of calls out of the package)
)

type Arg struct {
	Class Class  `json:"class"`
	Why   string `json:"why,omitempty"` // the expression that makes it Go memory, and where
	// For Unknown: when every value it may have is what a C function returned, those
	// functions (the C side may know they return C memory).
	CFuncs []string `json:"cfuncs,omitempty"`
	// For Go: the package-level slice or array variable whose elements it points into
	// (`&cells[i]`, `buf[2:]`), named `NAME@FILE:LINE`, when the package never assigns that
	// variable inside an exported function (so a callback does not replace the array the
	// enclosing call was lent). Two arguments with the same object point into one array.
	Object string `json:"object,omitempty"`
}

type Call struct {
	Name string `json:"name"` // the C function (C.name)
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
	Args []Arg  `json:"args"`
	// The exported Go function whose body makes this call (not inside a function literal), so
	// the call runs while C calls back into Go.
	Export string `json:"export,omitempty"`
}

type Export struct {
	Name   string `json:"name"`
	File   string `json:"file"`
	Line   int    `json:"line"`
	Result Arg    `json:"result"` // of the first result; nonptr when it returns no pointer
	// Go code other than cgo's export wrapper names the function (calls it, or takes it as a
	// value): it may run outside any call from C.
	UsedInGo bool `json:"used_in_go,omitempty"`
}

type Output struct {
	Calls      []Call   `json:"calls"`
	Exports    []Export `json:"exports"`
	TypeErrors []string `json:"type_errors,omitempty"`
}

func main() {
	importcfg := flag.String("importcfg", "", "importcfg file (packagefile and importmap lines)")
	flag.Parse()
	out, err := run(*importcfg, flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "cgosan-vet-go:", err)
		os.Exit(2)
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "cgosan-vet-go:", err)
		os.Exit(2)
	}
}

func readImportcfg(path string) (files, importmap map[string]string, err error) {
	files, importmap = map[string]string{}, map[string]string{}
	if path == "" {
		return files, importmap, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		verb, rest, _ := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		k, v, ok := strings.Cut(rest, "=")
		if !ok {
			continue
		}
		switch verb {
		case "packagefile":
			files[k] = v
		case "importmap":
			importmap[k] = v
		}
	}
	return files, importmap, sc.Err()
}

func run(importcfg string, paths []string) (*Output, error) {
	files, importmap, err := readImportcfg(importcfg)
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var astFiles []*ast.File
	for _, p := range paths {
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		astFiles = append(astFiles, f)
	}
	lookup := func(path string) (io.ReadCloser, error) {
		if m, ok := importmap[path]; ok {
			path = m
		}
		file, ok := files[path]
		if !ok || file == "" {
			return nil, fmt.Errorf("no export data for %q", path)
		}
		return os.Open(file)
	}
	out := &Output{Calls: []Call{}, Exports: []Export{}}
	conf := types.Config{
		Importer: importer.ForCompiler(fset, "gc", lookup),
		Error: func(err error) {
			if len(out.TypeErrors) < 10 {
				out.TypeErrors = append(out.TypeErrors, err.Error())
			}
		},
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{},
		Defs:  map[*ast.Ident]types.Object{},
		Uses:  map[*ast.Ident]types.Object{},
	}
	conf.Check("p", fset, astFiles, info) // errors are collected; what type-checked is used
	r := newReader(fset, info, astFiles)
	r.collect()
	r.report(out)
	return out, nil
}

// reader holds the package's assignments, gathered once: every value assigned to each variable
// (locals, package variables, struct fields), function results, and what the program pins.
type reader struct {
	fset    *token.FileSet
	info    *types.Info
	files   []*ast.File
	assigns map[types.Object][]ast.Expr // values assigned to a variable or field
	params  map[types.Object]bool       // function parameters (their values come from callers)
	results map[*types.Func][]ast.Expr  // returned values (first result)
	pinned  map[types.Object]bool       // roots passed to Pinner.Pin or C.cgosan_pinned
	// Variables assigned inside an exported function's body, and functions named by Go code
	// other than cgo's export wrappers.
	assignedInExport map[types.Object]bool
	usedInGo         map[types.Object]bool
	memo             map[types.Object]Arg
	busy             map[types.Object]bool
	fbusy            map[*types.Func]bool
}

func newReader(fset *token.FileSet, info *types.Info, files []*ast.File) *reader {
	return &reader{fset: fset, info: info, files: files,
		assigns: map[types.Object][]ast.Expr{}, params: map[types.Object]bool{},
		results: map[*types.Func][]ast.Expr{}, pinned: map[types.Object]bool{},
		assignedInExport: map[types.Object]bool{}, usedInGo: map[types.Object]bool{},
		memo: map[types.Object]Arg{}, busy: map[types.Object]bool{}, fbusy: map[*types.Func]bool{}}
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// lhsObject is the variable or field an assignment writes (x, s.f, p.f), or nil.
func (r *reader) lhsObject(e ast.Expr) types.Object {
	switch e := unparen(e).(type) {
	case *ast.Ident:
		if o := r.info.Defs[e]; o != nil {
			return o
		}
		return r.info.Uses[e]
	case *ast.SelectorExpr:
		return r.info.Uses[e.Sel]
	}
	return nil
}

func (r *reader) collect() {
	for _, f := range r.files {
		var fnStack []*types.Func
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				fn, _ := r.info.Defs[n.Name].(*types.Func)
				r.addParams(n.Type, n.Recv)
				fnStack = append(fnStack, fn)
				exported := exportName(n) != ""
				wrapper := strings.HasPrefix(n.Name.Name, "_cgoexp_")
				if n.Body != nil {
					ast.Inspect(n.Body, func(m ast.Node) bool {
						r.visit(m, fn)
						if exported {
							r.noteAssigned(m)
						}
						if id, ok := m.(*ast.Ident); ok && !wrapper {
							if f, ok := r.info.Uses[id].(*types.Func); ok {
								r.usedInGo[f] = true
							}
						}
						return true
					})
				}
				fnStack = fnStack[:len(fnStack)-1]
				return false
			case *ast.GenDecl:
				r.visit(n, nil)
				ast.Inspect(n, func(m ast.Node) bool {
					if id, ok := m.(*ast.Ident); ok {
						if f, ok := r.info.Uses[id].(*types.Func); ok {
							r.usedInGo[f] = true
						}
					}
					return true
				})
			}
			return true
		})
	}
}

// noteAssigned records the variables an assignment in an exported function's body writes.
func (r *reader) noteAssigned(n ast.Node) {
	var lhs []ast.Expr
	switch n := n.(type) {
	case *ast.AssignStmt:
		lhs = n.Lhs
	case *ast.IncDecStmt:
		lhs = []ast.Expr{n.X}
	case *ast.RangeStmt:
		lhs = []ast.Expr{n.Key, n.Value}
	case *ast.UnaryExpr:
		if n.Op == token.AND { // &v may be written through
			lhs = []ast.Expr{n.X}
		}
	}
	for _, l := range lhs {
		if l == nil {
			continue
		}
		if id, ok := unparen(l).(*ast.Ident); ok {
			if o := r.lhsObject(id); o != nil {
				r.assignedInExport[o] = true
			}
		}
	}
}

// lentArray is the package-level slice or array variable whose elements e points into
// (`&v[i]`, `&v[i].f`, `v[a:b]`, `&v` of an array, `unsafe.SliceData(v)`, through conversions
// and cgo's temporaries), or nil.
func (r *reader) lentArray(e ast.Expr) *types.Var {
	element := false
	for depth := 0; depth < 20; depth++ {
		switch x := unparen(e).(type) {
		case *ast.Ident:
			o := r.info.Uses[x]
			if o != nil && strings.HasPrefix(o.Name(), "_cgo") && len(r.assigns[o]) == 1 &&
				r.assigns[o][0] != nil {
				e = r.assigns[o][0]
				continue
			}
			v, ok := o.(*types.Var)
			if !ok || v.Pkg() == nil || v.Parent() != v.Pkg().Scope() ||
				strings.HasPrefix(v.Name(), "_C") || r.assignedInExport[v] {
				return nil
			}
			switch v.Type().Underlying().(type) {
			case *types.Slice:
				if !element {
					return nil // the slice header itself
				}
			case *types.Array:
			default:
				return nil
			}
			return v
		case *ast.UnaryExpr:
			if x.Op != token.AND {
				return nil
			}
			e = x.X
		case *ast.IndexExpr:
			element = true
			e = x.X
		case *ast.SliceExpr:
			element = true
			e = x.X
		case *ast.SelectorExpr:
			// A field of an element: inside the array. A field of anything else is not.
			if !isIndexOrSlice(unparen(x.X)) {
				return nil
			}
			e = x.X
		case *ast.CallExpr:
			if len(x.Args) != 1 {
				return nil
			}
			if r.isConversion(x) {
				e = x.Args[0]
				continue
			}
			if sel, ok := unparen(x.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "SliceData" {
				if _, isBuiltin := r.info.Uses[sel.Sel].(*types.Builtin); isBuiltin {
					element = true
					e = x.Args[0]
					continue
				}
			}
			return nil
		default:
			return nil
		}
	}
	return nil
}

func isIndexOrSlice(e ast.Expr) bool {
	switch e.(type) {
	case *ast.IndexExpr, *ast.SliceExpr:
		return true
	}
	return false
}

func (r *reader) addParams(ft *ast.FuncType, recv *ast.FieldList) {
	for _, list := range []*ast.FieldList{ft.Params, recv} {
		if list == nil {
			continue
		}
		for _, fld := range list.List {
			for _, name := range fld.Names {
				if o := r.info.Defs[name]; o != nil {
					r.params[o] = true
				}
			}
		}
	}
}

func (r *reader) visit(n ast.Node, fn *types.Func) {
	switch n := n.(type) {
	case *ast.FuncLit:
		r.addParams(n.Type, nil)
	case *ast.AssignStmt:
		if len(n.Lhs) == len(n.Rhs) {
			for i, l := range n.Lhs {
				if o := r.lhsObject(l); o != nil {
					r.assigns[o] = append(r.assigns[o], n.Rhs[i])
				}
			}
		} else {
			// v, ok := m[k] and friends, or x, y := f(): the values cannot be told apart.
			for _, l := range n.Lhs {
				if o := r.lhsObject(l); o != nil {
					r.assigns[o] = append(r.assigns[o], nil)
				}
			}
		}
	case *ast.ValueSpec:
		for i, name := range n.Names {
			o := r.info.Defs[name]
			if o == nil {
				continue
			}
			if i < len(n.Values) && len(n.Values) == len(n.Names) {
				r.assigns[o] = append(r.assigns[o], n.Values[i])
			} else if len(n.Values) > 0 {
				r.assigns[o] = append(r.assigns[o], nil)
			}
		}
	case *ast.RangeStmt:
		for _, e := range []ast.Expr{n.Key, n.Value} {
			if e != nil {
				if o := r.lhsObject(e); o != nil {
					r.assigns[o] = append(r.assigns[o], nil)
				}
			}
		}
	case *ast.CompositeLit:
		for _, el := range n.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if id, ok := kv.Key.(*ast.Ident); ok {
					if o := r.info.Uses[id]; o != nil {
						if _, isVar := o.(*types.Var); isVar {
							r.assigns[o] = append(r.assigns[o], kv.Value)
						}
					}
				}
			}
		}
	case *ast.ReturnStmt:
		if fn != nil && len(n.Results) > 0 {
			r.results[fn] = append(r.results[fn], n.Results[0])
		}
	case *ast.CallExpr:
		if r.isPinCall(n) && len(n.Args) > 0 {
			if o := r.root(n.Args[0]); o != nil {
				r.pinned[o] = true
			}
		}
	}
}

// isPinCall: (*runtime.Pinner).Pin(x) or C.cgosan_pinned(x, n).
func (r *reader) isPinCall(c *ast.CallExpr) bool {
	switch f := unparen(c.Fun).(type) {
	case *ast.Ident:
		return f.Name == "_Cfunc_cgosan_pinned"
	case *ast.SelectorExpr:
		fn, ok := r.info.Uses[f.Sel].(*types.Func)
		if !ok || fn.Name() != "Pin" || fn.Pkg() == nil || fn.Pkg().Path() != "runtime" {
			return false
		}
		return true
	}
	return false
}

// root is the Go variable an address expression starts from: x in &x, &x[i], x.f, unsafe.Pointer(x)
// (through cgo's `_cgoN := expr` temporaries).
func (r *reader) root(e ast.Expr) types.Object {
	for depth := 0; depth < 20; depth++ {
		switch x := unparen(e).(type) {
		case *ast.Ident:
			o := r.info.Uses[x]
			if o == nil {
				o = r.info.Defs[x]
			}
			if o != nil && strings.HasPrefix(o.Name(), "_cgo") && len(r.assigns[o]) == 1 &&
				r.assigns[o][0] != nil {
				e = r.assigns[o][0]
				continue
			}
			return o
		case *ast.UnaryExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.SliceExpr:
			e = x.X
		case *ast.SelectorExpr:
			e = x.X
		case *ast.CallExpr:
			if r.isConversion(x) && len(x.Args) == 1 {
				e = x.Args[0]
				continue
			}
			return nil
		default:
			return nil
		}
	}
	return nil
}

func (r *reader) isConversion(c *ast.CallExpr) bool {
	tv, ok := r.info.Types[c.Fun]
	return ok && tv.IsType()
}

func (r *reader) pos(p token.Pos) string {
	pp := r.fset.Position(p)
	return fmt.Sprintf("%s:%d", baseName(pp.Filename), pp.Line)
}

func baseName(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[i+1:]
	}
	return p
}

func (r *reader) text(e ast.Expr) string {
	s := types.ExprString(e)
	// cgo's names back to the user's: _Ctype_int is C.int, _Cfunc_f is C.f.
	s = strings.NewReplacer("_Ctype_struct_", "C.struct_", "_Ctype_", "C.", "_Cfunc_", "C.",
		"_Cvar_", "C.").Replace(s)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}

// pointerish: types whose values can carry an address.
func pointerish(t types.Type) bool {
	if t == nil {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return true
	case *types.Basic:
		return u.Kind() == types.UnsafePointer || u.Kind() == types.String ||
			u.Kind() == types.Uintptr || u.Kind() == types.UntypedNil || u.Kind() == types.Invalid
	case *types.Struct, *types.Array:
		return false
	}
	return false
}

func (r *reader) typeOf(e ast.Expr) types.Type {
	if tv, ok := r.info.Types[e]; ok {
		return tv.Type
	}
	return nil
}

// merge: Go on some path wins; then unknown; C only if every value is C.
func merge(a, b Arg) Arg {
	if a.Class == Unknown && b.Class == Unknown {
		if len(a.CFuncs) == 0 || len(b.CFuncs) == 0 {
			return Arg{Class: Unknown}
		}
		out := Arg{Class: Unknown, CFuncs: append([]string{}, a.CFuncs...)}
		for _, f := range b.CFuncs {
			have := false
			for _, g := range out.CFuncs {
				have = have || f == g
			}
			if !have {
				out.CFuncs = append(out.CFuncs, f)
			}
		}
		return out
	}
	rank := map[Class]int{NonPtr: 0, CMem: 1, Pinned: 2, Unknown: 3, Go: 4}
	if rank[b.Class] > rank[a.Class] {
		return b
	}
	return a
}

var cAllocators = map[string]bool{"_Cfunc_CString": true, "_Cfunc_CBytes": true,
	"_Cfunc__CMalloc": true, "_Cfunc_malloc": true, "_Cfunc_calloc": true, "_Cfunc_realloc": true,
	"_Cfunc_strdup": true}

// classify says what memory the value of e can point to.
func (r *reader) classify(e ast.Expr, depth int) Arg {
	if e == nil || depth > 30 {
		return Arg{Class: Unknown}
	}
	e = unparen(e)
	if o := r.root(e); o != nil && r.pinned[o] {
		return Arg{Class: Pinned, Why: o.Name() + " is pinned"}
	}
	if tv, ok := r.info.Types[e]; ok {
		if tv.Value != nil || tv.IsNil() {
			return Arg{Class: NonPtr}
		}
	}
	switch x := e.(type) {
	case *ast.BasicLit:
		if x.Kind == token.STRING {
			return Arg{Class: Go, Why: "a Go string"}
		}
		return Arg{Class: NonPtr}
	case *ast.CompositeLit:
		return Arg{Class: Go, Why: r.text(x) + " at " + r.pos(x.Pos())}
	case *ast.UnaryExpr:
		if x.Op == token.AND {
			return r.address(x.X, x, depth)
		}
		return Arg{Class: NonPtr}
	case *ast.StarExpr:
		// *&v (cgo's `_cgoIndex0 := &s; (*_cgoIndex0)[0]`) is v.
		if v := r.addressed(x.X); v != nil {
			return r.classify(v, depth+1)
		}
		// A value loaded from memory: Go memory lent to C holds no Go pointers (cgo's rule).
		return r.loaded(x, depth)
	case *ast.SliceExpr:
		return r.sliced(x.X, x, depth)
	case *ast.IndexExpr:
		return r.loaded(x, depth)
	case *ast.Ident:
		o := r.info.Uses[x]
		if o == nil {
			o = r.info.Defs[x]
		}
		return r.object(o, depth)
	case *ast.SelectorExpr:
		if sel, ok := r.info.Selections[x]; ok && sel.Kind() == types.FieldVal {
			return r.loaded(x, depth)
		}
		if o := r.info.Uses[x.Sel]; o != nil {
			return r.object(o, depth)
		}
		return r.loaded(x, depth)
	case *ast.CallExpr:
		return r.call(x, depth)
	case *ast.BinaryExpr:
		if x.Op == token.ADD || x.Op == token.SUB {
			return merge(r.classify(x.X, depth+1), r.classify(x.Y, depth+1))
		}
		return Arg{Class: NonPtr}
	}
	return Arg{Class: Unknown}
}

// addressed: E when e is &E, directly or through one of cgo's single-assignment temporaries.
func (r *reader) addressed(e ast.Expr) ast.Expr {
	e = unparen(e)
	if id, ok := e.(*ast.Ident); ok {
		o := r.info.Uses[id]
		if o == nil || !strings.HasPrefix(o.Name(), "_cgo") || len(r.assigns[o]) != 1 {
			return nil
		}
		e = unparen(r.assigns[o][0])
	}
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		return u.X
	}
	return nil
}

// loaded: the value of a field, element or dereference. Fields are followed through every value
// the package assigns to them; other loads cannot be told.
func (r *reader) loaded(e ast.Expr, depth int) Arg {
	if !pointerish(r.typeOf(e)) {
		return Arg{Class: NonPtr}
	}
	if s, ok := e.(*ast.SelectorExpr); ok {
		if o := r.info.Uses[s.Sel]; o != nil {
			return r.object(o, depth)
		}
	}
	return Arg{Class: Unknown}
}

// object: the value of a variable or field, from every value assigned to it.
func (r *reader) object(o types.Object, depth int) Arg {
	switch o := o.(type) {
	case nil:
		return Arg{Class: Unknown}
	case *types.Nil, *types.Const:
		return Arg{Class: NonPtr}
	case *types.Func:
		return Arg{Class: NonPtr}
	case *types.Var:
		if strings.HasPrefix(o.Name(), "_Cvar_") {
			return Arg{Class: CMem, Why: "a C global"}
		}
		if !pointerish(o.Type()) {
			return Arg{Class: NonPtr}
		}
		if r.pinned[o] {
			return Arg{Class: Pinned, Why: o.Name() + " is pinned"}
		}
		if a, ok := r.memo[o]; ok {
			return a
		}
		if r.busy[o] {
			return Arg{Class: NonPtr} // a cycle adds nothing new
		}
		r.busy[o] = true
		defer delete(r.busy, o)
		res := Arg{Class: NonPtr}
		if r.params[o] {
			res = Arg{Class: Unknown}
		}
		vals := r.assigns[o]
		if len(vals) == 0 && !r.params[o] {
			// Never assigned in the package: its zero value, or set where we cannot see.
			if o.Parent() == nil || o.Pkg() == nil || o.Parent() == o.Pkg().Scope() {
				res = Arg{Class: Unknown}
			}
		}
		for _, v := range vals {
			res = merge(res, r.classify(v, depth+1))
		}
		r.memo[o] = res
		return res
	}
	return Arg{Class: Unknown}
}

// address: &e.
func (r *reader) address(e ast.Expr, whole ast.Expr, depth int) Arg {
	e = unparen(e)
	switch x := e.(type) {
	case *ast.Ident:
		o := r.info.Uses[x]
		if v, ok := o.(*types.Var); ok && strings.HasPrefix(v.Name(), "_Cvar_") {
			return Arg{Class: CMem, Why: "a C global"}
		}
		return Arg{Class: Go, Why: r.text(whole) + " (a Go variable) at " + r.pos(whole.Pos())}
	case *ast.CompositeLit:
		return Arg{Class: Go, Why: r.text(whole) + " at " + r.pos(whole.Pos())}
	case *ast.StarExpr:
		return r.classify(x.X, depth+1)
	case *ast.IndexExpr:
		t := r.typeOf(x.X)
		if t != nil {
			switch u := t.Underlying().(type) {
			case *types.Array:
				return r.address(x.X, whole, depth+1)
			case *types.Pointer:
				_ = u
				return r.pointee(r.classify(x.X, depth+1), whole)
			case *types.Slice:
				return r.pointee(r.classify(x.X, depth+1), whole)
			case *types.Map:
				return Arg{Class: Unknown}
			}
		}
		return Arg{Class: Unknown}
	case *ast.SelectorExpr:
		if sel, ok := r.info.Selections[x]; ok && sel.Kind() == types.FieldVal {
			if _, isPtr := r.typeOf(x.X).Underlying().(*types.Pointer); isPtr || sel.Indirect() {
				return r.pointee(r.classify(x.X, depth+1), whole)
			}
			return r.address(x.X, whole, depth+1)
		}
		if o := r.info.Uses[x.Sel]; o != nil {
			if v, ok := o.(*types.Var); ok && strings.HasPrefix(v.Name(), "_Cvar_") {
				return Arg{Class: CMem, Why: "a C global"}
			}
			return Arg{Class: Go, Why: r.text(whole) + " (a Go variable) at " + r.pos(whole.Pos())}
		}
	}
	return Arg{Class: Unknown}
}

// pointee: an address inside the memory base points to keeps base's class, described by whole.
func (r *reader) pointee(base Arg, whole ast.Expr) Arg {
	if base.Class == Go {
		return Arg{Class: Go, Why: r.text(whole) + " at " + r.pos(whole.Pos()) + ", " + base.Why}
	}
	return base
}

// sliced: s[a:b] points into what s points to (or into the array variable s).
func (r *reader) sliced(s ast.Expr, whole ast.Expr, depth int) Arg {
	if t := r.typeOf(s); t != nil {
		if _, ok := t.Underlying().(*types.Array); ok {
			return r.address(s, whole, depth+1)
		}
	}
	return r.classify(s, depth+1)
}

func (r *reader) call(c *ast.CallExpr, depth int) Arg {
	if r.isConversion(c) {
		if len(c.Args) != 1 {
			return Arg{Class: Unknown}
		}
		t := r.typeOf(c)
		if t != nil && !pointerish(t) {
			return Arg{Class: NonPtr}
		}
		// []byte(s) and string(b) copy into new Go memory.
		if t != nil {
			if st := r.typeOf(c.Args[0]); st != nil && isStringy(t) != isStringy(st) &&
				(isStringy(t) || isStringy(st)) {
				return Arg{Class: Go, Why: r.text(c) + " at " + r.pos(c.Pos())}
			}
		}
		return r.classify(c.Args[0], depth+1)
	}
	switch f := unparen(c.Fun).(type) {
	case *ast.Ident:
		if cAllocators[f.Name] {
			return Arg{Class: CMem, Why: strings.TrimPrefix(f.Name, "_Cfunc_")}
		}
		if strings.HasPrefix(f.Name, "_Cfunc_Go") {
			return Arg{Class: Go, Why: "C." + strings.TrimPrefix(f.Name, "_Cfunc_") + " at " + r.pos(c.Pos())}
		}
		if strings.HasPrefix(f.Name, "_Cfunc_") {
			// What a C function returns: C memory, or a pointer it was given back.
			return Arg{Class: Unknown, CFuncs: []string{strings.TrimPrefix(f.Name, "_Cfunc_")}}
		}
		switch o := r.info.Uses[f].(type) {
		case *types.Builtin:
			switch o.Name() {
			case "new", "make":
				return Arg{Class: Go, Why: r.text(c) + " at " + r.pos(c.Pos())}
			case "append":
				if len(c.Args) > 0 {
					base := r.classify(c.Args[0], depth+1)
					if base.Class == CMem || base.Class == Pinned {
						return base
					}
				}
				return Arg{Class: Go, Why: r.text(c) + " at " + r.pos(c.Pos())}
			}
			return Arg{Class: NonPtr}
		case *types.Func:
			return r.results1(o, depth)
		}
	case *ast.SelectorExpr:
		fn, _ := r.info.Uses[f.Sel].(*types.Func)
		if fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "unsafe" {
			// unsafe.Add, unsafe.Slice, unsafe.SliceData, unsafe.String, unsafe.StringData
			if len(c.Args) > 0 {
				return r.classify(c.Args[0], depth+1)
			}
		}
		if _, isBuiltin := r.info.Uses[f.Sel].(*types.Builtin); isBuiltin && len(c.Args) > 0 {
			return r.classify(c.Args[0], depth+1) // unsafe.* are builtins to go/types
		}
		if fn != nil {
			return r.results1(fn, depth)
		}
	}
	return Arg{Class: Unknown}
}

func isStringy(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() == types.String
	case *types.Slice:
		if b, ok := u.Elem().Underlying().(*types.Basic); ok {
			return b.Kind() == types.Byte || b.Kind() == types.Rune
		}
	}
	return false
}

// results1: the first result of a function of the package, from its return statements.
func (r *reader) results1(fn *types.Func, depth int) Arg {
	rets, ok := r.results[fn]
	if !ok || r.fbusy[fn] {
		return Arg{Class: Unknown}
	}
	r.fbusy[fn] = true
	defer delete(r.fbusy, fn)
	res := Arg{Class: NonPtr}
	for _, e := range rets {
		res = merge(res, r.classify(e, depth+1))
	}
	return res
}

func (r *reader) report(out *Output) {
	for _, f := range r.files {
		r.reportIn(f, "", out)
	}
}

// reportIn walks n for C calls and exported functions; export is the exported function whose
// body n is in ("" when not, or inside a function literal, which may run at any time).
func (r *reader) reportIn(n ast.Node, export string, out *Output) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			if export != "" {
				r.reportIn(n.Body, "", out)
				return false
			}
		case *ast.CallExpr:
			id, ok := unparen(n.Fun).(*ast.Ident)
			if !ok || !strings.HasPrefix(id.Name, "_Cfunc_") {
				return true
			}
			name := strings.TrimPrefix(id.Name, "_Cfunc_")
			if strings.HasPrefix(name, "_C") || name == "CString" || name == "CBytes" ||
				strings.HasPrefix(name, "Go") {
				return true // cgo's own helpers
			}
			p := r.fset.Position(id.Pos())
			call := Call{Name: name, File: p.Filename, Line: p.Line, Col: p.Column, Args: []Arg{},
				Export: export}
			for _, a := range n.Args {
				arg := r.classify(a, 0)
				if t := r.typeOf(a); t != nil && !pointerish(t) {
					// Struct and array arguments are copied; their fields are not followed.
					arg = Arg{Class: NonPtr}
				}
				if arg.Class == Go {
					if v := r.lentArray(a); v != nil {
						arg.Object = v.Name() + "@" + r.pos(v.Pos())
					}
				}
				call.Args = append(call.Args, arg)
			}
			out.Calls = append(out.Calls, call)
		case *ast.FuncDecl:
			name := exportName(n)
			if name == "" {
				return true
			}
			p := r.fset.Position(n.Pos())
			ex := Export{Name: name, File: p.Filename, Line: p.Line, Result: Arg{Class: NonPtr}}
			fn, _ := r.info.Defs[n.Name].(*types.Func)
			if fn != nil {
				sig := fn.Type().(*types.Signature)
				if sig.Results().Len() > 0 && pointerish(sig.Results().At(0).Type()) {
					ex.Result = r.results1(fn, 0)
				}
				ex.UsedInGo = r.usedInGo[fn]
			}
			out.Exports = append(out.Exports, ex)
			if n.Body != nil {
				r.reportIn(n.Body, name, out)
			}
			return false
		}
		return true
	})
}

func exportName(fd *ast.FuncDecl) string {
	if fd.Doc == nil {
		return ""
	}
	for _, c := range fd.Doc.List {
		if name, ok := strings.CutPrefix(c.Text, "//export "); ok {
			return strings.TrimSpace(name)
		}
	}
	return ""
}
