// Package scenarios holds the bundled scenarios, embedded in the binary,
// and the JSON Schema that editors use to check scenario files.
package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
)

//go:embed *.yaml scenario.schema.json
var files embed.FS

// Default is the id of the scenario `ttx demo` plays by default.
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

// Find returns a scenario's YAML given a bundled id or a file's path, and
// the name to report problems under. A name with a path separator or a
// .yaml/.yml ending is a path; any other is a bundled id, or a file of that
// name when no scenario is bundled under it.
func Find(name string) (data []byte, file string, err error) {
	if !strings.ContainsAny(name, `/\`) && !strings.HasSuffix(name, ".yaml") && !strings.HasSuffix(name, ".yml") {
		data, file, err = Read(name)
		if err == nil {
			return data, file, nil
		}
		if _, statErr := os.Stat(name); statErr != nil {
			return nil, "", fmt.Errorf("no bundled scenario %q and no such file (bundled: %s)", name, strings.Join(IDs(), ", "))
		}
	}
	data, err = os.ReadFile(name)
	if err != nil {
		return nil, "", fmt.Errorf("read scenario: %w", err)
	}
	return data, filepath.ToSlash(name), nil
}
