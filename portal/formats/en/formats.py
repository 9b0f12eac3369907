# English as written in Hong Kong: day before month, 24-hour clock, and the time zone after every time.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i T"
DATETIME_FORMAT = "j F Y, H:i T"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
