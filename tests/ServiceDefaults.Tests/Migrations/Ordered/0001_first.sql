CREATE TABLE first ();
