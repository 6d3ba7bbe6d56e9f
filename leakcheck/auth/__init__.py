"""Sessions: get each role a logged-in browser context, and prove the login worked."""
