package server

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// postMultipartFile posts form with a file field, as a browser sends it.
func (c *client) postMultipartFile(path string, form url.Values, field, filename string, data []byte) (*http.Response, string) {
	c.t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, vs := range form {
		for _, v := range vs {
			_ = w.WriteField(k, v)
		}
	}
	fw, err := w.CreateFormFile(field, filename)
	if err != nil {
		c.t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = w.Close()
	return c.doRaw(http.MethodPost, path, w.FormDataContentType(), b.String())
}

// logoImage is a small image with some colours.
func logoImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	for y := 0; y < 32; y++ {
		for x := 0; x < 32; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 8), uint8(y * 8), 90, 255})
		}
	}
	return img
}

// photoWithGPS is a JPEG carrying an EXIF block with a GPS position, as a
// phone writes it: latitude 47° 23' 42" N.
func photoWithGPS(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, logoImage(), nil); err != nil {
		t.Fatal(err)
	}
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08")
	tiff = append(tiff, 0, 1, 0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 26, 0, 0, 0, 0)
	tiff = append(tiff, 0, 2,
		0, 1, 0, 2, 0, 0, 0, 2, 'N', 0, 0, 0,
		0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 56,
		0, 0, 0, 0)
	tiff = append(tiff, 0, 0, 0, 47, 0, 0, 0, 1, 0, 0, 0, 23, 0, 0, 0, 1, 0, 0, 0, 42, 0, 0, 0, 1)
	payload := append([]byte("Exif\x00\x00"), tiff...)
	app1 := binary.BigEndian.AppendUint16([]byte{0xff, 0xe1}, uint16(len(payload)+2))
	data := b.Bytes()
	return append(append(append([]byte{}, data[:2]...), append(app1, payload...)...), data[2:]...)
}

// pngDeclaring is a small PNG whose header declares w × h pixels.
func pngDeclaring(t *testing.T, w, h uint32) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, logoImage()); err != nil {
		t.Fatal(err)
	}
	data := b.Bytes()
	binary.BigEndian.PutUint32(data[16:], w)
	binary.BigEndian.PutUint32(data[20:], h)
	binary.BigEndian.PutUint32(data[29:], crc32.ChecksumIEEE(data[12:29]))
	return data
}

// TestLogoDecodedAndBounded: a PNG declaring 10,000 × 10,000 pixels is
// refused with a message next to the field; a photo's EXIF (its GPS
// position) is not served back, and the logo served is an image the
// portal encoded.
func TestLogoDecodedAndBounded(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")

	huge := pngDeclaring(t, 10_000, 10_000)
	res, body := pilot.postMultipartFile("/c/37-41/institutions/nouvelle",
		url.Values{"nom": {"Mission locale"}, "type": {"autre"}}, "logo", "logo.png", huge)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("10,000 × 10,000 PNG: status %d, want 422", res.StatusCode)
	}
	doc := parse(t, body)
	if msg := doc.Find(`input[name="logo"]`).Closest(".field").Find(".error-message").Text(); !strings.Contains(msg, "pixels") {
		t.Errorf("no message about the size next to the logo: %q", msg)
	}
	if v, _ := doc.Find(`input[name="nom"]`).Attr("value"); v != "Mission locale" {
		t.Errorf("the name typed is not kept: %q", v)
	}

	photo := photoWithGPS(t)
	if !bytes.Contains(photo, []byte("Exif")) {
		t.Fatal("the test photo carries no EXIF")
	}
	res, _ = pilot.postMultipartFile("/c/37-41/institutions/nouvelle",
		url.Values{"nom": {"Mission locale"}, "type": {"autre"}}, "logo", "photo.jpg", photo)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("photo: status %d, want 303", res.StatusCode)
	}
	logo := res.Header.Get("Location") + "/logo"
	res, served := pilot.get(logo)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("logo: status %d, type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if strings.Contains(served, "Exif") || strings.Contains(served, "MM\x00\x2a") {
		t.Error("the logo is served with the photo's EXIF (GPS position)")
	}
	if cfg, err := jpeg.DecodeConfig(strings.NewReader(served)); err != nil || cfg.Width != 32 {
		t.Errorf("the served logo: %v, %+v", err, cfg)
	}
}

// TestArchivedInstitutionLogo: an archived institution's logo follows its
// page. Members who do not manage institutions get a 404 for both; pilots,
// who review and restore archived institutions, still see it.
func TestArchivedInstitutionLogo(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot, partner := f.login("pilote"), f.login("partenaire")
	var logo bytes.Buffer
	if err := png.Encode(&logo, logoImage()); err != nil {
		t.Fatal(err)
	}
	res, _ := pilot.postMultipartFile("/c/37-41/institutions/nouvelle",
		url.Values{"nom": {"Ancienne association"}, "type": {"association"}}, "logo", "logo.png", logo.Bytes())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: status %d", res.StatusCode)
	}
	page := res.Header.Get("Location")
	if res, _ := partner.get(page + "/logo"); res.StatusCode != http.StatusOK {
		t.Fatalf("active institution's logo: status %d", res.StatusCode)
	}
	if res, _ := pilot.post(page+"/archiver", url.Values{"archive": {"oui"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive: status %d", res.StatusCode)
	}
	for _, tc := range []struct {
		who  *client
		name string
		want int
	}{
		{partner, "partner", http.StatusNotFound},
		{f.login("accompagne"), "supported person", http.StatusNotFound},
		{pilot, "pilot", http.StatusOK},
	} {
		res, _ := tc.who.get(page)
		resLogo, _ := tc.who.get(page + "/logo")
		if res.StatusCode != tc.want || resLogo.StatusCode != tc.want {
			t.Errorf("%s: page %d, logo %d, want %d for both", tc.name, res.StatusCode, resLogo.StatusCode, tc.want)
		}
	}
}
