"""Where generated listings are: real towns of the four nations, with plausible coordinates,
postcode districts and the phone numbers Ofcom keeps for drama."""

from __future__ import annotations

from dataclasses import dataclass

from rehab_directory.core.vocab import Region


@dataclass(frozen=True)
class Town:
    name: str
    county: str | None
    region: Region
    latitude: float
    longitude: float
    districts: str  # postcode districts, space-separated
    # The drama range: an area code Ofcom reserves numbers in for that city, or "0808" (a
    # freephone drama range) for towns whose own area code has none.
    phone_kind: str


# Grouped by region, in the order of the vocabulary; a generated listing picks one at random.
TOWNS: tuple[Town, ...] = (
    # North East
    Town("Newcastle upon Tyne", "Tyne and Wear", Region.NORTH_EAST, 54.978, -1.618,
         "NE1 NE2 NE4 NE6 NE15", "0191"),
    Town("Sunderland", "Tyne and Wear", Region.NORTH_EAST, 54.907, -1.384,
         "SR1 SR2 SR4 SR5", "0191"),
    Town("Durham", "County Durham", Region.NORTH_EAST, 54.776, -1.573, "DH1", "0191"),
    Town("Gateshead", "Tyne and Wear", Region.NORTH_EAST, 54.953, -1.603, "NE8 NE9 NE10", "0191"),
    Town("Middlesbrough", "North Yorkshire", Region.NORTH_EAST, 54.574, -1.235,
         "TS1 TS4 TS5", "0808"),
    Town("Darlington", "County Durham", Region.NORTH_EAST, 54.524, -1.56, "DL1 DL3", "0808"),
    Town("Hartlepool", "County Durham", Region.NORTH_EAST, 54.686, -1.213,
         "TS24 TS25 TS26", "0808"),
    # North West
    Town("Manchester", "Greater Manchester", Region.NORTH_WEST, 53.481, -2.243,
         "M1 M4 M13 M14 M20 M21", "0161"),
    Town("Stockport", "Greater Manchester", Region.NORTH_WEST, 53.411, -2.158,
         "SK1 SK2 SK4", "0161"),
    Town("Liverpool", "Merseyside", Region.NORTH_WEST, 53.408, -2.992, "L1 L8 L15 L17 L18", "0151"),
    Town("Birkenhead", "Merseyside", Region.NORTH_WEST, 53.393, -3.015, "CH41 CH42 CH43", "0151"),
    Town("Preston", "Lancashire", Region.NORTH_WEST, 53.763, -2.703, "PR1 PR2", "0808"),
    Town("Blackpool", "Lancashire", Region.NORTH_WEST, 53.818, -3.036, "FY1 FY2 FY4", "0808"),
    Town("Lancaster", "Lancashire", Region.NORTH_WEST, 54.047, -2.801, "LA1", "0808"),
    Town("Carlisle", "Cumbria", Region.NORTH_WEST, 54.893, -2.933, "CA1 CA2 CA3", "0808"),
    Town("Warrington", "Cheshire", Region.NORTH_WEST, 53.39, -2.597, "WA1 WA2 WA4", "0808"),
    # Yorkshire and the Humber
    Town("Leeds", "West Yorkshire", Region.YORKSHIRE, 53.801, -1.549,
         "LS1 LS6 LS7 LS8 LS11 LS17", "0113"),
    Town("Sheffield", "South Yorkshire", Region.YORKSHIRE, 53.381, -1.47,
         "S1 S2 S7 S8 S10 S11", "0114"),
    Town("Bradford", "West Yorkshire", Region.YORKSHIRE, 53.796, -1.759, "BD1 BD3 BD9", "0808"),
    Town("York", "North Yorkshire", Region.YORKSHIRE, 53.96, -1.087, "YO10 YO24 YO26 YO31", "0808"),
    Town("Hull", "East Riding of Yorkshire", Region.YORKSHIRE, 53.768, -0.327,
         "HU1 HU3 HU5 HU8", "0808"),
    Town("Harrogate", "North Yorkshire", Region.YORKSHIRE, 53.992, -1.542, "HG1 HG2", "0808"),
    Town("Scarborough", "North Yorkshire", Region.YORKSHIRE, 54.283, -0.4, "YO11 YO12", "0808"),
    Town("Huddersfield", "West Yorkshire", Region.YORKSHIRE, 53.646, -1.785, "HD1 HD2 HD5", "0808"),
    Town("Doncaster", "South Yorkshire", Region.YORKSHIRE, 53.523, -1.129, "DN1 DN2 DN4", "0808"),
    # East Midlands
    Town("Nottingham", "Nottinghamshire", Region.EAST_MIDLANDS, 52.955, -1.158,
         "NG1 NG3 NG5 NG7", "0808"),
    Town("Leicester", "Leicestershire", Region.EAST_MIDLANDS, 52.637, -1.14,
         "LE1 LE2 LE3 LE4 LE5", "0116"),
    Town("Derby", "Derbyshire", Region.EAST_MIDLANDS, 52.923, -1.475, "DE1 DE21 DE22 DE23", "0808"),
    Town("Lincoln", "Lincolnshire", Region.EAST_MIDLANDS, 53.231, -0.541,
         "LN1 LN2 LN5 LN6", "0808"),
    Town("Northampton", "Northamptonshire", Region.EAST_MIDLANDS, 52.241, -0.903,
         "NN1 NN2 NN3 NN5", "0808"),
    Town("Chesterfield", "Derbyshire", Region.EAST_MIDLANDS, 53.235, -1.421, "S40 S41", "0808"),
    Town("Mansfield", "Nottinghamshire", Region.EAST_MIDLANDS, 53.147, -1.199, "NG18 NG19", "0808"),
    # West Midlands
    Town("Birmingham", "West Midlands", Region.WEST_MIDLANDS, 52.486, -1.89,
         "B5 B12 B13 B15 B17 B29", "0121"),
    Town("Solihull", "West Midlands", Region.WEST_MIDLANDS, 52.412, -1.778, "B90 B91 B92", "0121"),
    Town("Coventry", "West Midlands", Region.WEST_MIDLANDS, 52.407, -1.52,
         "CV1 CV2 CV3 CV5", "0808"),
    Town("Wolverhampton", "West Midlands", Region.WEST_MIDLANDS, 52.587, -2.129,
         "WV1 WV3 WV4", "0808"),
    Town("Stoke-on-Trent", "Staffordshire", Region.WEST_MIDLANDS, 53.003, -2.179,
         "ST1 ST4 ST6", "0808"),
    Town("Worcester", "Worcestershire", Region.WEST_MIDLANDS, 52.194, -2.222,
         "WR1 WR2 WR5", "0808"),
    Town("Hereford", "Herefordshire", Region.WEST_MIDLANDS, 52.057, -2.716, "HR1 HR2 HR4", "0808"),
    Town("Shrewsbury", "Shropshire", Region.WEST_MIDLANDS, 52.707, -2.755, "SY1 SY2 SY3", "0808"),
    # East of England
    Town("Norwich", "Norfolk", Region.EAST, 52.631, 1.297, "NR1 NR2 NR3 NR4", "0808"),
    Town("Great Yarmouth", "Norfolk", Region.EAST, 52.608, 1.731, "NR30 NR31", "0808"),
    Town("Cambridge", "Cambridgeshire", Region.EAST, 52.205, 0.122, "CB1 CB2 CB4", "0808"),
    Town("Peterborough", "Cambridgeshire", Region.EAST, 52.57, -0.241, "PE1 PE2 PE3", "0808"),
    Town("Ipswich", "Suffolk", Region.EAST, 52.057, 1.148, "IP1 IP3 IP4", "0808"),
    Town("Colchester", "Essex", Region.EAST, 51.896, 0.892, "CO1 CO2 CO4", "0808"),
    Town("Chelmsford", "Essex", Region.EAST, 51.736, 0.469, "CM1 CM2", "0808"),
    Town("Southend-on-Sea", "Essex", Region.EAST, 51.546, 0.708, "SS1 SS2 SS9", "0808"),
    Town("Luton", "Bedfordshire", Region.EAST, 51.879, -0.42, "LU1 LU2 LU4", "0808"),
    Town("Bedford", "Bedfordshire", Region.EAST, 52.136, -0.467, "MK40 MK41 MK42", "0808"),
    # London
    Town("London", None, Region.LONDON, 51.507, -0.128,
         "N1 N7 N17 NW1 NW5 E1 E8 E14 E17 SE1 SE13 SE15 SW2 SW9 W3 W12", "020"),
    # South East
    Town("Brighton", "East Sussex", Region.SOUTH_EAST, 50.823, -0.137, "BN1 BN2", "0808"),
    Town("Eastbourne", "East Sussex", Region.SOUTH_EAST, 50.768, 0.291, "BN21 BN22 BN23", "0808"),
    Town("Hastings", "East Sussex", Region.SOUTH_EAST, 50.854, 0.574, "TN34 TN35", "0808"),
    Town("Worthing", "West Sussex", Region.SOUTH_EAST, 50.818, -0.373, "BN11 BN12 BN14", "0808"),
    Town("Reading", "Berkshire", Region.SOUTH_EAST, 51.454, -0.978, "RG1 RG2 RG4 RG6", "0118"),
    Town("Oxford", "Oxfordshire", Region.SOUTH_EAST, 51.752, -1.258, "OX1 OX2 OX3 OX4", "0808"),
    Town("Southampton", "Hampshire", Region.SOUTH_EAST, 50.91, -1.404,
         "SO14 SO15 SO17 SO19", "0808"),
    Town("Portsmouth", "Hampshire", Region.SOUTH_EAST, 50.82, -1.088, "PO1 PO4 PO5 PO6", "0808"),
    Town("Canterbury", "Kent", Region.SOUTH_EAST, 51.28, 1.079, "CT1 CT2", "0808"),
    Town("Margate", "Kent", Region.SOUTH_EAST, 51.381, 1.386, "CT9", "0808"),
    Town("Maidstone", "Kent", Region.SOUTH_EAST, 51.27, 0.523, "ME14 ME15 ME16", "0808"),
    Town("Guildford", "Surrey", Region.SOUTH_EAST, 51.236, -0.57, "GU1 GU2", "0808"),
    Town("Milton Keynes", "Buckinghamshire", Region.SOUTH_EAST, 52.041, -0.759,
         "MK9 MK10 MK14", "0808"),
    # South West
    Town("Bristol", None, Region.SOUTH_WEST, 51.455, -2.588, "BS1 BS3 BS5 BS6 BS7 BS16", "0117"),
    Town("Bath", "Somerset", Region.SOUTH_WEST, 51.381, -2.359, "BA1 BA2", "0808"),
    Town("Weston-super-Mare", "Somerset", Region.SOUTH_WEST, 51.346, -2.977,
         "BS22 BS23 BS24", "0808"),
    Town("Taunton", "Somerset", Region.SOUTH_WEST, 51.015, -3.103, "TA1 TA2", "0808"),
    Town("Plymouth", "Devon", Region.SOUTH_WEST, 50.376, -4.143, "PL1 PL2 PL4 PL6", "0808"),
    Town("Exeter", "Devon", Region.SOUTH_WEST, 50.718, -3.534, "EX1 EX2 EX4", "0808"),
    Town("Torquay", "Devon", Region.SOUTH_WEST, 50.462, -3.525, "TQ1 TQ2", "0808"),
    Town("Truro", "Cornwall", Region.SOUTH_WEST, 50.263, -5.051, "TR1", "0808"),
    Town("Gloucester", "Gloucestershire", Region.SOUTH_WEST, 51.864, -2.238, "GL1 GL2 GL4", "0808"),
    Town("Cheltenham", "Gloucestershire", Region.SOUTH_WEST, 51.899, -2.078,
         "GL50 GL51 GL52", "0808"),
    Town("Swindon", "Wiltshire", Region.SOUTH_WEST, 51.556, -1.78, "SN1 SN2 SN3", "0808"),
    Town("Bournemouth", "Dorset", Region.SOUTH_WEST, 50.719, -1.881, "BH1 BH5 BH8 BH9", "0808"),
    # Wales
    Town("Cardiff", None, Region.WALES, 51.482, -3.179, "CF10 CF11 CF14 CF23 CF24", "029"),
    Town("Swansea", None, Region.WALES, 51.621, -3.944, "SA1 SA2 SA5", "0808"),
    Town("Newport", None, Region.WALES, 51.584, -2.998, "NP19 NP20", "0808"),
    Town("Wrexham", None, Region.WALES, 53.046, -2.993, "LL11 LL12 LL13", "0808"),
    Town("Bangor", "Gwynedd", Region.WALES, 53.227, -4.129, "LL57", "0808"),
    Town("Aberystwyth", "Ceredigion", Region.WALES, 52.415, -4.083, "SY23", "0808"),
    Town("Carmarthen", "Carmarthenshire", Region.WALES, 51.858, -4.312, "SA31", "0808"),
    Town("Llandudno", "Conwy", Region.WALES, 53.324, -3.828, "LL30", "0808"),
    Town("Merthyr Tydfil", None, Region.WALES, 51.749, -3.382, "CF47", "0808"),
    # Scotland
    Town("Edinburgh", None, Region.SCOTLAND, 55.953, -3.188, "EH1 EH3 EH6 EH7 EH11 EH16", "0131"),
    Town("Glasgow", None, Region.SCOTLAND, 55.864, -4.252, "G1 G3 G11 G20 G31 G42", "0808"),
    Town("Aberdeen", None, Region.SCOTLAND, 57.15, -2.094, "AB10 AB11 AB24 AB25", "0808"),
    Town("Dundee", None, Region.SCOTLAND, 56.462, -2.971, "DD1 DD3 DD4", "0808"),
    Town("Inverness", "Highland", Region.SCOTLAND, 57.478, -4.225, "IV1 IV2 IV3", "0808"),
    Town("Perth", "Perth and Kinross", Region.SCOTLAND, 56.395, -3.431, "PH1 PH2", "0808"),
    Town("Stirling", None, Region.SCOTLAND, 56.117, -3.937, "FK7 FK8 FK9", "0808"),
    Town("Dumfries", "Dumfries and Galloway", Region.SCOTLAND, 55.071, -3.605, "DG1 DG2", "0808"),
    Town("Paisley", "Renfrewshire", Region.SCOTLAND, 55.846, -4.424, "PA1 PA2 PA3", "0808"),
    Town("Kirkcaldy", "Fife", Region.SCOTLAND, 56.111, -3.167, "KY1 KY2", "0808"),
    # Northern Ireland
    Town("Belfast", None, Region.NORTHERN_IRELAND, 54.597, -5.93,
         "BT1 BT5 BT7 BT9 BT12 BT15", "0808"),
    Town("Derry", None, Region.NORTHERN_IRELAND, 54.997, -7.309, "BT47 BT48", "0808"),
    Town("Newry", "County Down", Region.NORTHERN_IRELAND, 54.175, -6.34, "BT34 BT35", "0808"),
    Town("Armagh", "County Armagh", Region.NORTHERN_IRELAND, 54.35, -6.653, "BT60 BT61", "0808"),
    Town("Ballymena", "County Antrim", Region.NORTHERN_IRELAND, 54.864, -6.276,
         "BT42 BT43", "0808"),
    Town("Enniskillen", "County Fermanagh", Region.NORTHERN_IRELAND, 54.344, -7.632,
         "BT74", "0808"),)

LONDON_AREAS = ("Camden", "Hackney", "Islington", "Lewisham", "Brixton", "Walthamstow",
                "Tottenham", "Acton", "Peckham", "Stepney", "Kentish Town", "Shepherd's Bush")
PHONE_FORMATS = {
    "0113": "0113 496 0{:03d}", "0114": "0114 496 0{:03d}", "0116": "0116 496 0{:03d}",
    "0117": "0117 496 0{:03d}", "0118": "0118 496 0{:03d}", "0121": "0121 496 0{:03d}",
    "0131": "0131 496 0{:03d}", "0151": "0151 496 0{:03d}", "0161": "0161 496 0{:03d}",
    "020": "020 7946 0{:03d}", "0191": "0191 498 0{:03d}", "029": "029 2018 0{:03d}",
    "0808": "0808 157 0{:03d}",
}
# The letters the inward part of a postcode uses ("1AB").
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
