package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"
	"unicode"
)

// Markdown writes the report as Markdown: the same content as the HTML,
// without the chart.
func (r *Report) Markdown(w io.Writer) error {
	d := r.document()
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# %s\n\n%s\n", mdText(d.Title), mdLine(d.Subtitle))
	for _, s := range d.Sections {
		fmt.Fprintf(bw, "\n## %s\n", mdText(s.Title))
		for _, b := range s.Blocks {
			bw.WriteString("\n")
			writeMarkdownBlock(bw, b)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write Markdown report: %w", err)
	}
	return nil
}

func writeMarkdownBlock(w *bufio.Writer, b block) {
	switch b.Kind {
	case bPara:
		fmt.Fprintf(w, "%s\n", mdLine(b.Text))
	case bHead:
		fmt.Fprintf(w, "### %s\n", mdText(b.Text))
	case bNote:
		fmt.Fprintf(w, "> %s\n", mdText(b.Text))
	case bList:
		for _, it := range b.Items {
			fmt.Fprintf(w, "- %s\n", mdText(it))
		}
	case bChart:
		fmt.Fprintf(w, "> The HTML report draws the timeline here as a chart. %s\n", mdText(b.Text))
	case bTable:
		cols := len(b.Head)
		heads := make([]string, cols)
		for i, h := range b.Head {
			heads[i] = mdCell(h)
		}
		fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(heads, " | "), strings.Repeat("---|", cols))
		for _, row := range b.Rows {
			cells := make([]string, cols)
			for i := range cols {
				if i < len(row) {
					cells[i] = mdCell(strings.Join(row[i].Lines, "; "))
				}
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
	}
}

// mdText makes text safe as a line of Markdown: one line, with the
// characters that would start markup escaped (an underscore only where it
// could open or close emphasis, not inside a word like border_force).
func mdText(s string) string {
	rs := []rune(strings.Join(strings.Fields(s), " "))
	word := func(i int) bool {
		return i >= 0 && i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i]))
	}
	var b strings.Builder
	for i, r := range rs {
		switch r {
		case '\\', '*', '`', '[', ']':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '<':
			b.WriteString("&lt;")
		case '_':
			if !word(i-1) || !word(i+1) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdLine is mdText for the start of a line, where #, +, -, > and = would
// start a heading, a list, a quote or an underline.
func mdLine(s string) string {
	out := mdText(s)
	if out != "" && strings.ContainsRune("#+->=", rune(out[0])) {
		out = "\\" + out
	}
	return out
}

func mdCell(s string) string {
	if s == "" {
		return " "
	}
	return strings.ReplaceAll(mdText(s), "|", `\|`)
}

// JSON writes the report as indented JSON.
func (r *Report) JSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("write JSON report: %w", err)
	}
	return nil
}

// HTML writes the report as one self-contained HTML page: inline styles,
// the timeline as inline SVG, no scripts and no external assets. It prints
// on A4. The page is also well-formed XML.
func (r *Report) HTML(w io.Writer) error {
	foot := fmt.Sprintf("Made by ttx from the debrief log of scenario %s (version %s), engine %s. %s.", r.Summary.Scenario, shortHash(r.Summary.ScenarioSHA256), r.Summary.Engine, r.Summary.Verification)
	if err := writePage(w, r.document(), template.HTML(r.SVG()), foot); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	return nil
}

// writePage writes a document as one self-contained HTML page: the page
// shell the report, the comparison and the trends share. A chart block
// draws its own SVG, or else chart.
func writePage(w io.Writer, d doc, chart template.HTML, foot string) error {
	t, err := template.New("page").Funcs(template.FuncMap{
		"cellHTML": cellHTML,
		"shade": func(n int) string {
			if n <= 0 {
				return ""
			}
			return fmt.Sprintf("s%d", min(n, 4))
		},
	}).Parse(htmlTemplate)
	if err != nil {
		return err
	}
	data := struct {
		Doc   doc
		Chart template.HTML
		Foot  string
	}{Doc: d, Chart: chart, Foot: foot}
	bw := bufio.NewWriter(w)
	if err := t.Execute(bw, data); err != nil {
		return err
	}
	return bw.Flush()
}

// cellHTML is a table cell's content: its one line, or a div a line. A
// line cut to fit the page ([clip]) keeps its full text in a title
// attribute.
func cellHTML(c cell) template.HTML {
	var b strings.Builder
	for _, l := range c.Lines {
		if len(c.Lines) > 1 {
			b.WriteString("<div>")
		}
		if cut := clip(l, c.Clip); cut != strings.Join(strings.Fields(l), " ") {
			fmt.Fprintf(&b, `<span title="%s">%s</span>`, template.HTMLEscapeString(l), template.HTMLEscapeString(cut))
		} else {
			b.WriteString(template.HTMLEscapeString(l))
		}
		if len(c.Lines) > 1 {
			b.WriteString("</div>")
		}
	}
	return template.HTML(b.String())
}

const htmlTemplate = `<!DOCTYPE html>
<html lang="en-GB" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{{.Doc.Title}}</title>
<style>
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif; font-size: 10.5pt; line-height: 1.4; color: #1f2933; background: #ffffff; margin: 0 auto; max-width: 1100px; padding: 16px 24px; }
header { border-bottom: 3px solid #102a43; margin-bottom: 12px; padding-bottom: 8px; }
h1 { font-size: 20pt; margin: 0 0 4px 0; color: #102a43; }
.subtitle { color: #52606d; margin: 0; }
nav ol { columns: 2; margin: 8px 0 0 0; padding-left: 20px; color: #334e68; }
nav a { color: #334e68; }
h2 { font-size: 14pt; color: #102a43; border-bottom: 1px solid #bcccdc; padding-bottom: 2px; margin: 22px 0 8px 0; }
h3 { font-size: 11.5pt; color: #243b53; margin: 14px 0 6px 0; }
p { margin: 6px 0; }
.note { color: #52606d; font-size: 9pt; margin: 4px 0 8px 0; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px 0; font-size: 9pt; }
th, td { border: 1px solid #d9e2ec; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #f0f4f8; color: #243b53; }
td div + div { margin-top: 2px; }
table.facts td:first-child { width: 20%; font-weight: bold; background: #f8fafc; }
table.facts th { display: none; }
table.matrix td, table.matrix th { text-align: center; }
td.s1 { background: #e3f8ff; }
td.s2 { background: #fff3c4; }
td.s3 { background: #ffe3e3; }
td.s4 { background: #ffbdbd; }
table.matrix td.s1 { background: #dceefb; }
table.matrix td.s2 { background: #b6e0fe; }
table.matrix td.s3 { background: #84c5f4; }
table.matrix td.s4 { background: #62b0e8; }
figure.chart { margin: 8px 0; border: 1px solid #d9e2ec; padding: 4px; }
figure.chart svg { display: block; width: 100%; height: auto; }
figcaption { color: #52606d; font-size: 9pt; margin-top: 4px; }
ul { margin: 4px 0 8px 0; padding-left: 20px; }
footer { margin-top: 24px; border-top: 1px solid #bcccdc; color: #7b8794; font-size: 8.5pt; padding-top: 6px; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  nav { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  tr, figure.chart, li { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  section#timeline { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
}
</style>
</head>
<body>
<header>
<h1>{{.Doc.Title}}</h1>
<p class="subtitle">{{.Doc.Subtitle}}</p>
<nav><ol>{{range .Doc.Sections}}<li><a href="#{{.ID}}">{{.Title}}</a></li>{{end}}</ol></nav>
</header>
<main>
{{range .Doc.Sections}}<section id="{{.ID}}">
<h2>{{.Title}}</h2>
{{range .Blocks}}{{if eq .Kind "p"}}<p>{{.Text}}</p>
{{else if eq .Kind "h3"}}<h3>{{.Text}}</h3>
{{else if eq .Kind "note"}}<p class="note">{{.Text}}</p>
{{else if eq .Kind "list"}}<ul>{{range .Items}}<li>{{.}}</li>{{end}}</ul>
{{else if eq .Kind "chart"}}<figure class="chart">
{{with .SVG}}{{.}}{{else}}{{$.Chart}}{{end}}<figcaption>{{.Text}}</figcaption>
</figure>
{{else if eq .Kind "table"}}<table class="{{.Class}}">
<thead><tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range .}}<td{{with shade .Shade}} class="{{.}}"{{end}}>{{cellHTML .}}</td>{{end}}</tr>
{{end}}</tbody>
</table>
{{end}}{{end}}</section>
{{end}}</main>
<footer>{{.Foot}}</footer>
</body>
</html>
`
