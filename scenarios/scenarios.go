// Package scenarios holds the bundled scenarios, embedded in the binary,
// and the JSON Schema that editors use to check scenario files.
package scenarios

import (
	"embed"
	"io/fs"
	"path"
	"strings"
)

//go:embed *.yaml scenario.schema.json
var files embed.FS

// Default is the id of the scenario `ttx demo` plays.
const Default = "tutorial"

// IDs returns the ids of the bundled scenarios, sorted.
func IDs() []string {
	names, _ := fs.Glob(files, "*.yaml")
	ids := make([]string, len(names))
	for i, n := range names {
		ids[i] = strings.TrimSuffix(n, ".yaml")
	}
	return ids
}

// Read returns the YAML of the bundled scenario id, and the name to report
// problems under.
func Read(id string) (data []byte, name string, err error) {
	name = path.Join("scenarios", id+".yaml")
	data, err = files.ReadFile(id + ".yaml")
	return data, name, err
}

// Schema returns the JSON Schema of the scenario format.
func Schema() []byte {
	b, _ := files.ReadFile("scenario.schema.json")
	return b
}
