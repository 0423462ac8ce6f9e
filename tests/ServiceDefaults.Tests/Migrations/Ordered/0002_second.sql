CREATE TABLE second ();
