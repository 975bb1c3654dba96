// connectors arrive with issue [3/8]
