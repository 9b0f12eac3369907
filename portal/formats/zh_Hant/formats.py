# Traditional Chinese as written in Hong Kong. The portal's clock is Hong Kong time (settings.TIME_ZONE);
# a test keeps the zone name below and that setting together.
DATE_FORMAT = "Y年n月j日"
TIME_FORMAT = "H:i（香港時間）"
DATETIME_FORMAT = "Y年n月j日 H:i（香港時間）"
YEAR_MONTH_FORMAT = "Y年n月"
MONTH_DAY_FORMAT = "n月j日"
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i（香港時間）"
