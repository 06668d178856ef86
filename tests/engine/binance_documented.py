# ruff: noqa: E501, W291, W293, E101
"""Binance's documented example bodies, as its USDⓈ-M futures API pages print them.

Copied from the pages as published on 2026-05-28 (Binance developer documentation, "USDⓈ-M
Futures": Account Information V2/V3, Position Information V2/V3, Notional and Leverage Brackets,
Multi-Assets Mode Asset Index, Get Current Multi-Assets Mode, Error Codes), checked 2026-11-29.
The pages' line breaks are kept, with the blank lines their markup put between lines removed.

The examples are not valid JSON: they carry ``//`` comments, missing commas (after
``"maxWithdrawAmount": "23.72469206"``), a doubled comma (``"notional": "0",,``) and trailing
commas. :func:`repair` fixes that syntax and nothing else: every value stays as printed (the
single-asset V2 example even loses ``canTrade``, which the page put inside a comment).
"""

from __future__ import annotations

import json
import re
from typing import Any

#: Account Information V2, single-asset mode.
ACCOUNT_V2_SINGLE = r"""{   
	"feeTier": 0,  		// account commission tier 
	"feeBurn": true,  	// "true": Fee Discount On; "false": Fee Discount Off	"canTrade": true,  	// if can trade
	"canDeposit": true,  	// if can transfer in asset
	"canWithdraw": true, 	// if can transfer out asset
	"updateTime": 0,        // reserved property, please ignore 
	"multiAssetsMargin": false,
	"tradeGroupId": -1,
	"totalInitialMargin": "0.00000000",    // total initial margin required with current mark price (useless with isolated positions), only for USDT asset
	"totalMaintMargin": "0.00000000",  	  // total maintenance margin required, only for USDT asset
	"totalWalletBalance": "23.72469206",     // total wallet balance, only for USDT asset
	"totalUnrealizedProfit": "0.00000000",   // total unrealized profit, only for USDT asset
	"totalMarginBalance": "23.72469206",     // total margin balance, only for USDT asset
	"totalPositionInitialMargin": "0.00000000",    // initial margin required for positions with current mark price, only for USDT asset
	"totalOpenOrderInitialMargin": "0.00000000",   // initial margin required for open orders with current mark price, only for USDT asset
	"totalCrossWalletBalance": "23.72469206",      // crossed wallet balance, only for USDT asset
	"totalCrossUnPnl": "0.00000000",	  // unrealized profit of crossed positions, only for USDT asset
	"availableBalance": "23.72469206",       // available balance, only for USDT asset
	"maxWithdrawAmount": "23.72469206"     // maximum amount for transfer out, only for USDT asset
	"assets": [
		{
			"asset": "USDT",			// asset name
			"walletBalance": "23.72469206",      // wallet balance
			"unrealizedProfit": "0.00000000",    // unrealized profit
			"marginBalance": "23.72469206",      // margin balance
			"maintMargin": "0.00000000",	    // maintenance margin required
			"initialMargin": "0.00000000",    // total initial margin required with current mark price 
			"positionInitialMargin": "0.00000000",    //initial margin required for positions with current mark price
			"openOrderInitialMargin": "0.00000000",   // initial margin required for open orders with current mark price
			"crossWalletBalance": "23.72469206",      // crossed wallet balance
			"crossUnPnl": "0.00000000"       // unrealized profit of crossed positions
			"availableBalance": "23.72469206",       // available balance
			"maxWithdrawAmount": "23.72469206",     // maximum amount for transfer out
			"marginAvailable": true,    // whether the asset can be used as margin in Multi-Assets mode
			"updateTime": 1625474304765 // last update time 
		},
		{
			"asset": "BUSD",			// asset name
			"walletBalance": "103.12345678",      // wallet balance
			"unrealizedProfit": "0.00000000",    // unrealized profit
			"marginBalance": "103.12345678",      // margin balance
			"maintMargin": "0.00000000",	    // maintenance margin required
			"initialMargin": "0.00000000",    // total initial margin required with current mark price 
			"positionInitialMargin": "0.00000000",    //initial margin required for positions with current mark price
			"openOrderInitialMargin": "0.00000000",   // initial margin required for open orders with current mark price
			"crossWalletBalance": "103.12345678",      // crossed wallet balance
			"crossUnPnl": "0.00000000"       // unrealized profit of crossed positions
			"availableBalance": "103.12345678",       // available balance
			"maxWithdrawAmount": "103.12345678",     // maximum amount for transfer out
			"marginAvailable": true,    // whether the asset can be used as margin in Multi-Assets mode
			"updateTime": 1625474304765 // last update time
		}
	],
	"positions": [  // positions of all symbols in the market are returned
		// only "BOTH" positions will be returned with One-way mode
		// only "LONG" and "SHORT" positions will be returned with Hedge mode
		{
			"symbol": "BTCUSDT",  	// symbol name
			"initialMargin": "0",	// initial margin required with current mark price 
			"maintMargin": "0",		// maintenance margin required
			"unrealizedProfit": "0.00000000",  // unrealized profit
			"positionInitialMargin": "0",      // initial margin required for positions with current mark price
			"openOrderInitialMargin": "0",     // initial margin required for open orders with current mark price
			"leverage": "100",		// current initial leverage
			"isolated": true,  		// if the position is isolated
			"entryPrice": "0.00000",  	// average entry price
			"maxNotional": "250000",  	// maximum available notional with current leverage
			"bidNotional": "0",  // bids notional, ignore
			"askNotional": "0",  // ask notional, ignore
			"positionSide": "BOTH",  	// position side
			"positionAmt": "0",			// position amount
			"updateTime": 0           // last update time
		}
	]
}
"""

#: Account Information V2, "OR multi-assets mode" (the doubled canTrade is Binance's).
ACCOUNT_V2_MULTI = r"""{   
	"feeTier": 0,  		// account commission tier 
	"feeBurn": true,  	// "true": Fee Discount On; "false": Fee Discount Off	"canTrade": true,  	// if can trade
	"canTrade": true,  	// if can trade
	"canDeposit": true,  	// if can transfer in asset
	"canWithdraw": true, 	// if can transfer out asset
	"updateTime": 0,        // reserved property, please ignore 
	"multiAssetsMargin": true,
	"tradeGroupId": -1,
	"totalInitialMargin": "0.00000000",    // the sum of USD value of all cross positions/open order initial margin
	"totalMaintMargin": "0.00000000",  	  // the sum of USD value of all cross positions maintenance margin
	"totalWalletBalance": "126.72469206",     // total wallet balance in USD
	"totalUnrealizedProfit": "0.00000000",   // total unrealized profit in USD
	"totalMarginBalance": "126.72469206",     // total margin balance in USD
	"totalPositionInitialMargin": "0.00000000",    // the sum of USD value of all cross positions initial margin
	"totalOpenOrderInitialMargin": "0.00000000",   // initial margin required for open orders with current mark price in USD
	"totalCrossWalletBalance": "126.72469206",      // crossed wallet balance in USD
	"totalCrossUnPnl": "0.00000000",	  // unrealized profit of crossed positions in USD
	"availableBalance": "126.72469206",       // available balance in USD
	"maxWithdrawAmount": "126.72469206"     // maximum virtual amount for transfer out in USD
	"assets": [
		{
			"asset": "USDT",			// asset name
			"walletBalance": "23.72469206",      // wallet balance
			"unrealizedProfit": "0.00000000",    // unrealized profit
			"marginBalance": "23.72469206",      // margin balance
			"maintMargin": "0.00000000",	    // maintenance margin required
			"initialMargin": "0.00000000",    // total initial margin required with current mark price 
			"positionInitialMargin": "0.00000000",    //initial margin required for positions with current mark price
			"openOrderInitialMargin": "0.00000000",   // initial margin required for open orders with current mark price
			"crossWalletBalance": "23.72469206",      // crossed wallet balance
			"crossUnPnl": "0.00000000"       // unrealized profit of crossed positions
			"availableBalance": "126.72469206",       // available balance
			"maxWithdrawAmount": "23.72469206",     // maximum amount for transfer out
			"marginAvailable": true,    // whether the asset can be used as margin in Multi-Assets mode
			"updateTime": 1625474304765 // last update time 
		},
		{
			"asset": "BUSD",			// asset name
			"walletBalance": "103.12345678",      // wallet balance
			"unrealizedProfit": "0.00000000",    // unrealized profit
			"marginBalance": "103.12345678",      // margin balance
			"maintMargin": "0.00000000",	    // maintenance margin required
			"initialMargin": "0.00000000",    // total initial margin required with current mark price 
			"positionInitialMargin": "0.00000000",    //initial margin required for positions with current mark price
			"openOrderInitialMargin": "0.00000000",   // initial margin required for open orders with current mark price
			"crossWalletBalance": "103.12345678",      // crossed wallet balance
			"crossUnPnl": "0.00000000"       // unrealized profit of crossed positions
			"availableBalance": "126.72469206",       // available balance
			"maxWithdrawAmount": "103.12345678",     // maximum amount for transfer out
			"marginAvailable": true,    // whether the asset can be used as margin in Multi-Assets mode
			"updateTime": 1625474304765 // last update time
		}
	],
	"positions": [  // positions of all symbols in the market are returned
		// only "BOTH" positions will be returned with One-way mode
		// only "LONG" and "SHORT" positions will be returned with Hedge mode
		{
			"symbol": "BTCUSDT",  	// symbol name
			"initialMargin": "0",	// initial margin required with current mark price 
			"maintMargin": "0",		// maintenance margin required
			"unrealizedProfit": "0.00000000",  // unrealized profit
			"positionInitialMargin": "0",      // initial margin required for positions with current mark price
			"openOrderInitialMargin": "0",     // initial margin required for open orders with current mark price
			"leverage": "100",		// current initial leverage
			"isolated": true,  		// if the position is isolated
			"entryPrice": "0.00000",  	// average entry price
			"maxNotional": "250000",  	// maximum available notional with current leverage
			"bidNotional": "0",  // bids notional, ignore
			"askNotional": "0",  // ask notional, ignore
			"positionSide": "BOTH",  	// position side
			"positionAmt": "0",			// position amount
			"updateTime": 0           // last update time
		}
	]
}
"""

#: Account Information V3, single-asset mode.
ACCOUNT_V3_SINGLE = r"""{   
	"totalInitialMargin": "0.00000000",            // total initial margin required with current mark price (useless with isolated positions), only for USDT asset
	"totalMaintMargin": "0.00000000",  	           // total maintenance margin required, only for USDT asset
	"totalWalletBalance": "103.12345678",           // total wallet balance, only for USDT asset
	"totalUnrealizedProfit": "0.00000000",         // total unrealized profit, only for USDT asset
	"totalMarginBalance": "103.12345678",           // total margin balance, only for USDT asset
	"totalPositionInitialMargin": "0.00000000",    // initial margin required for positions with current mark price, only for USDT asset
	"totalOpenOrderInitialMargin": "0.00000000",   // initial margin required for open orders with current mark price, only for USDT asset
	"totalCrossWalletBalance": "103.12345678",      // crossed wallet balance, only for USDT asset
	"totalCrossUnPnl": "0.00000000",	           // unrealized profit of crossed positions, only for USDT asset
	"availableBalance": "103.12345678",             // available balance, only for USDT asset
	"maxWithdrawAmount": "103.12345678"             // maximum amount for transfer out, only for USDT asset
	"assets": [ // For assets that are quote assets, USDT/USDC/BTC
		{
			"asset": "USDT",			            // asset name
			"walletBalance": "23.72469206",         // wallet balance
			"unrealizedProfit": "0.00000000",       // unrealized profit
			"marginBalance": "23.72469206",         // margin balance
			"maintMargin": "0.00000000",	        // maintenance margin required
			"initialMargin": "0.00000000",          // total initial margin required with current mark price 
			"positionInitialMargin": "0.00000000",  // initial margin required for positions with current mark price
			"openOrderInitialMargin": "0.00000000", // initial margin required for open orders with current mark price
			"crossWalletBalance": "23.72469206",    // crossed wallet balance
			"crossUnPnl": "0.00000000"              // unrealized profit of crossed positions
			"availableBalance": "23.72469206",      // available balance
			"maxWithdrawAmount": "23.72469206",     // maximum amount for transfer out
			"updateTime": 1625474304765             // last update time 
		},   
 		{
			"asset": "USDC",			            // asset name
			"walletBalance": "103.12345678",         // wallet balance
			"unrealizedProfit": "0.00000000",       // unrealized profit
			"marginBalance": "103.12345678",         // margin balance
			"maintMargin": "0.00000000",	        // maintenance margin required
			"initialMargin": "0.00000000",          // total initial margin required with current mark price 
			"positionInitialMargin": "0.00000000",  // initial margin required for positions with current mark price
			"openOrderInitialMargin": "0.00000000", // initial margin required for open orders with current mark price
			"crossWalletBalance": "103.12345678",    // crossed wallet balance
			"crossUnPnl": "0.00000000"              // unrealized profit of crossed positions
			"availableBalance": "126.72469206",      // available balance
			"maxWithdrawAmount": "103.12345678",     // maximum amount for transfer out
			"updateTime": 1625474304765             // last update time 
		},    
    ],
	"positions": [  // positions of all symbols user had position/ open orders are returned
		            // only "BOTH" positions will be returned with One-way mode
		            // only "LONG" and "SHORT" positions will be returned with Hedge mode
   	  {
           "symbol": "BTCUSDT",   
           "positionSide": "BOTH",            // position side 
           "positionAmt": "1.000",  
           "unrealizedProfit": "0.00000000",  // unrealized profit      
           "isolatedMargin": "0.00000000",	
           "notional": "0",
           "isolatedWallet": "0",
           "initialMargin": "0",              // initial margin required with current mark price 
           "maintMargin": "0",                // maintenance margin required
           "updateTime": 0
  	  } 
	]
}
"""

#: Account Information V3, "OR multi-assets mode".
ACCOUNT_V3_MULTI = r"""{   
	"totalInitialMargin": "0.00000000",            // the sum of USD value of all cross positions/open order initial margin
	"totalMaintMargin": "0.00000000",  	           // the sum of USD value of all cross positions maintenance margin
	"totalWalletBalance": "126.72469206",          // total wallet balance in USD
	"totalUnrealizedProfit": "0.00000000",         // total unrealized profit in USD
	"totalMarginBalance": "126.72469206",          // total margin balance in USD
	"totalPositionInitialMargin": "0.00000000",    // the sum of USD value of all cross positions initial margin
	"totalOpenOrderInitialMargin": "0.00000000",   // initial margin required for open orders with current mark price in USD
	"totalCrossWalletBalance": "126.72469206",     // crossed wallet balance in USD
	"totalCrossUnPnl": "0.00000000",	           // unrealized profit of crossed positions in USD
	"availableBalance": "126.72469206",            // available balance in USD
	"maxWithdrawAmount": "126.72469206"            // maximum virtual amount for transfer out in USD
	"assets": [
		{
			"asset": "USDT",			         // asset name
			"walletBalance": "23.72469206",      // wallet balance
			"unrealizedProfit": "0.00000000",    // unrealized profit
			"marginBalance": "23.72469206",      // margin balance
			"maintMargin": "0.00000000",	     // maintenance margin required
			"initialMargin": "0.00000000",       // total initial margin required with current mark price 
			"positionInitialMargin": "0.00000000",    //initial margin required for positions with current mark price
			"openOrderInitialMargin": "0.00000000",   // initial margin required for open orders with current mark price
			"crossWalletBalance": "23.72469206",      // crossed wallet balance
			"crossUnPnl": "0.00000000"       // unrealized profit of crossed positions
			"availableBalance": "126.72469206",       // available balance
			"maxWithdrawAmount": "23.72469206",     // maximum amount for transfer out
			"updateTime": 1625474304765 // last update time 
		},
		{
			"asset": "BUSD",			// asset name
			"walletBalance": "103.12345678",      // wallet balance
			"unrealizedProfit": "0.00000000",    // unrealized profit
			"marginBalance": "103.12345678",      // margin balance
			"maintMargin": "0.00000000",	    // maintenance margin required
			"initialMargin": "0.00000000",    // total initial margin required with current mark price 
			"positionInitialMargin": "0.00000000",    //initial margin required for positions with current mark price
			"openOrderInitialMargin": "0.00000000",   // initial margin required for open orders with current mark price
			"crossWalletBalance": "103.12345678",      // crossed wallet balance
			"crossUnPnl": "0.00000000"       // unrealized profit of crossed positions
			"availableBalance": "126.72469206",       // available balance
			"maxWithdrawAmount": "103.12345678",     // maximum amount for transfer out
			"updateTime": 1625474304765 // last update time
		}
	],
 	"positions": [  // positions of all symbols user had position are returned
                    // only "BOTH" positions will be returned with One-way mode
		            // only "LONG" and "SHORT" positions will be returned with Hedge mode
   	  {
           "symbol": "BTCUSDT",   
           "positionSide": "BOTH",            // position side 
           "positionAmt": "1.000",  
           "unrealizedProfit": "0.00000000",  // unrealized profit      
           "isolatedMargin": "0.00000000",	
           "notional": "0",
           "isolatedWallet": "0",
           "initialMargin": "0",              // initial margin required with current mark price 
           "maintMargin": "0",                // maintenance margin required
           "updateTime": 0
  	  } 
	] 
}
"""

#: Position Information V2, "For One-way position mode" (note the ,,).
POSITION_RISK_V2_ONE_WAY = r"""[
  	{
  		"entryPrice": "0.00000",
        "breakEvenPrice": "0.0",  
  		"marginType": "isolated", 
  		"isAutoAddMargin": "false",
  		"isolatedMargin": "0.00000000",	
  		"leverage": "10", 
  		"liquidationPrice": "0", 
  		"markPrice": "6679.50671178",	
  		"maxNotionalValue": "20000000", 
  		"positionAmt": "0.000",
  		"notional": "0",, 
  		"isolatedWallet": "0",
  		"symbol": "BTCUSDT", 
  		"unRealizedProfit": "0.00000000", 
  		"positionSide": "BOTH",
  		"updateTime": 0
  	}
]
"""

#: Position Information V2, "For Hedge position mode".
POSITION_RISK_V2_HEDGE = r"""[
  {
    "symbol": "BTCUSDT",
    "positionAmt": "0.001",
    "entryPrice": "22185.2",
    "breakEvenPrice": "0.0",
    "markPrice": "21123.05052574",
    "unRealizedProfit": "-1.06214947",
    "liquidationPrice": "19731.45529116",
    "leverage": "4",
    "maxNotionalValue": "100000000",
    "marginType": "cross",
    "isolatedMargin": "0.00000000",
    "isAutoAddMargin": "false",
    "positionSide": "LONG",
    "notional": "21.12305052",
    "isolatedWallet": "0",
    "updateTime": 1655217461579
  },
  {
    "symbol": "BTCUSDT",
    "positionAmt": "0.000",
    "entryPrice": "0.0",
    "breakEvenPrice": "0.0",
    "markPrice": "21123.05052574",
    "unRealizedProfit": "0.00000000",
    "liquidationPrice": "0",
    "leverage": "4",
    "maxNotionalValue": "100000000",
    "marginType": "cross",
    "isolatedMargin": "0.00000000",
    "isAutoAddMargin": "false",
    "positionSide": "SHORT",
    "notional": "0",
    "isolatedWallet": "0",
    "updateTime": 0
  }
]
"""

#: Position Information V3, "For One-way position mode".
POSITION_RISK_V3_ONE_WAY = r"""[
  {
    "symbol": "ADAUSDT",
    "positionSide": "BOTH",
    "positionAmt": "30",
    "entryPrice": "0.385",
    "breakEvenPrice": "0.385077",
    "markPrice": "0.41047590",
    "unRealizedProfit": "0.76427700",
    "liquidationPrice": "0",
    "isolatedMargin": "0",
    "notional": "12.31427700",
    "marginAsset": "USDT",
    "isolatedWallet": "0",
    "initialMargin": "0.61571385",
    "maintMargin": "0.08004280",
    "positionInitialMargin": "0.61571385",
    "openOrderInitialMargin": "0",
    "adl": 2,
    "bidNotional": "0",
    "askNotional": "0",
    "updateTime": 1720736417660
  }
]
"""

#: Position Information V3, "For Hedge position mode".
POSITION_RISK_V3_HEDGE = r"""[
  {
    "symbol": "ADAUSDT",
    "positionSide": "LONG",
    "positionAmt": "30",
    "entryPrice": "0.385",
    "breakEvenPrice": "0.385077",
    "markPrice": "0.41047590",
    "unRealizedProfit": "0.76427700",
    "liquidationPrice": "0",
    "isolatedMargin": "0",
    "notional": "12.31427700",
    "marginAsset": "USDT",
    "isolatedWallet": "0",
    "initialMargin": "0.61571385",
    "maintMargin": "0.08004280",
    "positionInitialMargin": "0.61571385",
    "openOrderInitialMargin": "0",
    "adl": 2,
    "bidNotional": "0",
    "askNotional": "0",
    "updateTime": 1720736417660
  },
  {
    "symbol": "COMPUSDT",
    "positionSide": "SHORT",
    "positionAmt": "-1.000",
    "entryPrice": "70.92841",
    "breakEvenPrice": "70.900038636",
    "markPrice": "49.72023376",
    "unRealizedProfit": "21.20817624",
    "liquidationPrice": "2260.56757210",
    "isolatedMargin": "0",
    "notional": "-49.72023376",
    "marginAsset": "USDT",
    "isolatedWallet": "0",
    "initialMargin": "2.48601168",
    "maintMargin": "0.49720233",
    "positionInitialMargin": "2.48601168",
    "openOrderInitialMargin": "0",
    "adl": 2,
    "bidNotional": "0",
    "askNotional": "0",
    "updateTime": 1708943511656
  }
]
"""

#: Notional and Leverage Brackets, "Response".
LEVERAGE_BRACKET_LIST = r"""[
    {
        "symbol": "ETHUSDT",
	    "notionalCoef": 1.50,  //user symbol bracket multiplier, only appears when user's symbol bracket is adjusted 
        "brackets": [
            {
                "bracket": 1,   // Notional bracket
                "initialLeverage": 75,  // Max initial leverage for this bracket
                "notionalCap": 10000,  // Cap notional of this bracket
                "notionalFloor": 0,  // Notional threshold of this bracket 
                "maintMarginRatio": 0.0065, // Maintenance ratio for this bracket
                "cum": 0.0 // Auxiliary number for quick calculation 
               
            },
        ]
    }
]
"""

#: Notional and Leverage Brackets, "OR (if symbol sent)".
LEVERAGE_BRACKET_ONE = r"""{
    "symbol": "ETHUSDT",
    "notionalCoef": 1.50,
    "brackets": [
        {
            "bracket": 1,
            "initialLeverage": 75,
            "notionalCap": 10000,
            "notionalFloor": 0,
            "maintMarginRatio": 0.0065,
            "cum":0
        },
    ]
}
"""

#: Multi-Assets Mode Asset Index, with a symbol.
ASSET_INDEX_ONE = r"""{
  "symbol": "ADAUSD",
  "time": 1635740268004,
  "index": "1.92957370",
  "bidBuffer": "0.10000000",
  "askBuffer": "0.10000000",
  "bidRate": "1.73661633",
  "askRate": "2.12253107",
  "autoExchangeBidBuffer": "0.05000000",
  "autoExchangeAskBuffer": "0.05000000",
  "autoExchangeBidRate": "1.83309501",
  "autoExchangeAskRate": "2.02605238"
}
"""

#: Multi-Assets Mode Asset Index, "Or(without symbol)".
ASSET_INDEX_LIST = r"""[
  {
    "symbol": "ADAUSD",
    "time": 1635740268004,
    "index": "1.92957370",
    "bidBuffer": "0.10000000",
    "askBuffer": "0.10000000",
    "bidRate": "1.73661633",
    "askRate": "2.12253107",
    "autoExchangeBidBuffer": "0.05000000",
    "autoExchangeAskBuffer": "0.05000000",
    "autoExchangeBidRate": "1.83309501",
    "autoExchangeAskRate": "2.02605238"
  }
]
"""

#: Get Current Multi-Assets Mode.
MULTI_ASSETS_MARGIN = r"""{
  "multiAssetsMargin": true
}
"""

#: Error Codes page, the error payload.
ERROR = r"""{
  "code": -1121,
  "msg": "Invalid symbol."
}
"""


def repair(text: str) -> str:
    """The page's example made valid JSON: comments, missing, doubled and trailing commas."""
    lines = [re.sub(r"\s*//.*$", "", line).rstrip() for line in text.splitlines()]
    lines = [line for line in lines if line.strip()]
    fixed = []
    for i, line in enumerate(lines):
        line = re.sub(r",\s*,", ",", line)
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        # A value ends this line and the next one starts a new member: a comma is missing.
        if re.search(r'["\d\]}el]$', line) and following[:1] in ('"', "{"):
            line += ","
        fixed.append(line)
    joined = "\n".join(fixed)
    return re.sub(r",(\s*[}\]])", r"\1", joined)


def body(text: str) -> Any:
    """The repaired example, parsed with exact decimals."""
    from decimal import Decimal

    return json.loads(repair(text), parse_float=Decimal)
