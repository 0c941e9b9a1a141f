package lib

import "testing"

func TestFirst(t *testing.T) {
	if Sum([]byte{1, 2}) != 3 {
		t.Fatal("bad sum")
	}
}

func TestSecond(t *testing.T) {
	if Sum([]byte{3, 4}) != 7 {
		t.Fatal("bad sum")
	}
}
