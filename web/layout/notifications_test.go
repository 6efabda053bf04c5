package layout

import "testing"

func TestNotificationsLabel(t *testing.T) {
	for n, want := range map[int]string{0: "Notifications", 1: "Notifications (1 non lue)", 3: "Notifications (3 non lues)", 120: "Notifications (120 non lues)"} {
		if got := (User{Unread: n}).NotificationsLabel(); got != want {
			t.Errorf("%d unread: %q, want %q", n, got, want)
		}
	}
}
