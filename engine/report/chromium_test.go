package report_test

import (
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// chromium returns the path of a Chromium binary, or "" where none is
// installed.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestHTMLRendersInChromium renders the HTML report in headless Chromium
// at A4 proportions and checks the screenshot is not blank: enough of it
// is not background, in more than a few colours (the chart's among them).
func TestHTMLRendersInChromium(t *testing.T) {
	bin := chromium()
	if bin == "" {
		t.Skip("Chromium is not installed (Debian: apt-get install chromium); skipping the browser rendering test")
	}
	t.Parallel()
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, htmlOf(t, build(t, mixed().log(t))), 0o644); err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(dir, "shot.png")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--screenshot="+shot, "--window-size=1240,1754", "file://"+page)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v\n%s", err, out)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	inked, colours := ink(img)
	b := img.Bounds()
	total := b.Dx() * b.Dy()
	if b.Dx() < 1000 || b.Dy() < 1000 {
		t.Errorf("screenshot is %dx%d, want about 1240x1754", b.Dx(), b.Dy())
	}
	t.Logf("%d of %d pixels inked, %d colours", inked, total, colours)
	if inked*100 < total*3 {
		t.Errorf("screenshot is nearly blank: %d of %d pixels are not background", inked, total)
	}
	if colours < 8 {
		t.Errorf("screenshot has only %d colours", colours)
	}
}

// ink counts the pixels that are not near-white, and the distinct colours
// (to 4 bits a channel) among them.
func ink(img image.Image) (inked, colours int) {
	seen := map[uint16]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if r > 0xf000 && g > 0xf000 && bl > 0xf000 {
				continue
			}
			inked++
			seen[uint16(r>>12)<<8|uint16(g>>12)<<4|uint16(bl>>12)] = true
		}
	}
	return inked, len(seen)
}
