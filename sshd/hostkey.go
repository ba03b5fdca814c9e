package sshd

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	gossh "golang.org/x/crypto/ssh"
)

// HostKeyFile is the host key's file name in the data directory.
const HostKeyFile = "ssh_host_ed25519_key"

// HostKey is the SSH server's identity: its private key in PEM, and the
// SHA256 fingerprint that people check when their ssh client first meets
// it ("SHA256:..." as OpenSSH prints it).
type HostKey struct {
	PEM         []byte
	Fingerprint string
}

// LoadHostKey reads the Ed25519 host key in path, or generates it (once:
// it is kept for the next start, so the fingerprint stays the same).
func LoadHostKey(path string) (HostKey, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		b, err = newHostKey(path)
	}
	if err != nil {
		return HostKey{}, fmt.Errorf("ssh host key: %w", err)
	}
	signer, err := gossh.ParsePrivateKey(b)
	if err != nil {
		return HostKey{}, fmt.Errorf("ssh host key %s: %w", path, err)
	}
	return HostKey{PEM: b, Fingerprint: gossh.FingerprintSHA256(signer.PublicKey())}, nil
}

// newHostKey writes a new Ed25519 key to path, readable by its owner only,
// and never over an existing file.
func newHostKey(path string) ([]byte, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "ttx ssh host key")
	if err != nil {
		return nil, err
	}
	b := pem.EncodeToMemory(block)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return b, nil
}
