"""The domain and persistence of invdesk. No Qt, no OpenCV, no ReportLab here."""
